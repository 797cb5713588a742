# Bosnian (bs). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Latin script, ijekavian standard, polite "vi" (lower case, as usual in interfaces); minutes are abbreviated "min" so the range needs no agreement; people are counted čovjek/čovjeka/ljudi.

language-name = Bosanski
greeting = Dobro došli!
choose-language = Odaberite jezik
choose-errand = Zbog čega ste došli?
errand-job = Posao, CV i prijave za posao
errand-study = Školovanje, SFI i obrazovanje odraslih
errand-benefit = Finansijska pomoć i zakazani termini
errand-af = Arbetsförmedlingen (švedska služba za zapošljavanje)
errand-digital = BankID, e-usluge i obrasci
errand-other = Ne znam, ili nešto drugo
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = Stanovanje
question-appointment = Imate li zakazan termin?
question-interpreter = Trebate li prevodioca?
answer-yes = Da
answer-no = Ne
skip = Preskoči
back = Nazad
your-number = Vaš broj
people-ahead =
    { $count ->
        [0] Ispred vas u redu nema nikoga.
        [one] Ispred vas u redu je { $count } čovjek.
        [few] Ispred vas u redu su { $count } čovjeka.
       *[other] Ispred vas u redu je { $count } ljudi.
    }
estimated-wait = Procijenjeno vrijeme čekanja: { $low }–{ $high } min
wait-unknown = Još ne znamo koliko ćete čekati.
number-called-out = Kada dođe vaš red, vaš broj će se pojaviti na ekranu i bit će prozvan.
checked-in-at = Prijavljeni u { $time }
printer-out-of-paper = Printeru je nestalo papira. Molimo zapamtite svoj broj.
printer-not-working = Printer trenutno ne radi. Molimo zapamtite svoj broj.
scan-to-follow = Skenirajte kod mobitelom da vidite svoje mjesto u redu.
one-moment = Trenutak, molimo …
ask-staff = Nešto nije u redu. Obratite se osoblju, oni će vam pomoći.
done = Gotovo
still-there = Jeste li još tu?
need-more-time = Trebam još vremena
returning-in =
    { $seconds ->
        [one] Ekran će se vratiti na početak za { $seconds } sekundu.
        [few] Ekran će se vratiti na početak za { $seconds } sekunde.
       *[other] Ekran će se vratiti na početak za { $seconds } sekundi.
    }
larger-text = Veći tekst
high-contrast = Visok kontrast
status-title = Vaše mjesto u redu
your-turn = Vaš je red! Idite do { $desk }.
status-serving = Sada vam pomažemo. Mjesto: { $desk }.
status-done = Vaša posjeta je završena. Hvala što ste došli!
status-no-show = Prozvali smo vaš broj, ali niste došli. Molimo vas, zatražite pomoć od osoblja.
status-unknown = Ne možemo pronaći ovaj listić s brojem. Možda je previše star.
status-reconnecting = Ažuriranje …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = Broj { $number }, idite do { $desk }.

# Asking for help at the kiosk: the staff are told at once.
help-button = Zatraži pomoć
help-sent = Osoblje zna da vam treba pomoć. Neko će doći do vas.
help-failed = Nismo mogli dobiti osoblje. Molimo pitajte na recepciji.
help-close = U redu

# The tools on every screen, named for screen readers and tests.
read-aloud = Pročitajte naglas
change-language = Promijenite jezik
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = Vaš broj je { $number }.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = Unesite svoj kod
code-hint = Kod ima šest cifara. Dobili ste ga kada vam je zakazan termin.
code-erase = Obriši
code-done = Gotovo
code-without = Nastavite bez koda
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = Nemam zakazan termin
code-unknown = Ne možemo pronaći taj kod. Provjerite cifre i pokušajte ponovo ili nastavite bez koda.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = Trenutno ne možemo provjeriti vaš kod. Bit će provjeren čim ekran ponovo bude povezan.
code-accepted = Pronašli smo vaš zakazani termin. Službenik koji vodi vaš predmet zna da ste ovdje.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = Vaš zakazani termin
slip-when = Datum i vrijeme
slip-where = Mjesto
slip-code = Vaš kod
slip-howto = Kada dođete: na ekranu pored ulaza odaberite zbog čega ste došli i unesite kod kada ga ekran zatraži.
