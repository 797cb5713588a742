# Swedish (sv): the source language. Written by the project team in plain
# public-sector Swedish ("vårdat, enkelt och begripligt").
# Review: not yet reviewed by the municipality's language service.
#
# What visitors read: the kiosk and the status page their ticket's QR code
# opens. Keep sentences short; many readers are learning the language.

language-name = Svenska
greeting = Välkommen!
choose-language = Välj språk
choose-errand = Vad gäller ditt besök?
errand-job = Jobb, CV och ansökningar
errand-study = Studier, SFI och vuxenutbildning
errand-benefit = Ekonomiskt bistånd och bokade besök
errand-af = Ärenden hos Arbetsförmedlingen
errand-digital = BankID, e-tjänster och blanketter
errand-other = Vet inte eller något annat
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = Bostad och boende
question-appointment = Har du en bokad tid?
question-interpreter = Behöver du tolk?
answer-yes = Ja
answer-no = Nej
skip = Hoppa över
back = Tillbaka
your-number = Ditt nummer
people-ahead =
    { $count ->
        [0] Ingen står före dig i kön.
        [one] En person står före dig i kön.
       *[other] { $count } personer står före dig i kön.
    }
estimated-wait = Ungefärlig väntetid: { $low }–{ $high } minuter
wait-unknown = Vi vet inte väntetiden ännu.
number-called-out = Ditt nummer visas på skärmen och ropas upp när det är din tur.
# On the paper ticket, under the number: when the visitor checked in.
checked-in-at = Incheckad kl. { $time }
# On the ticket screen when the paper ticket could not be printed.
printer-out-of-paper = Skrivaren har slut på papper. Kom ihåg ditt nummer.
printer-not-working = Skrivaren fungerar inte just nu. Kom ihåg ditt nummer.
scan-to-follow = Skanna koden med mobilen för att se din plats i kön.
one-moment = Ett ögonblick …
ask-staff = Något gick fel. Fråga personalen, så hjälper de dig.
done = Klar
still-there = Är du kvar?
need-more-time = Jag behöver mer tid
returning-in =
    { $seconds ->
        [one] Om en sekund börjar skärmen om.
       *[other] Om { $seconds } sekunder börjar skärmen om.
    }
larger-text = Större text
high-contrast = Hög kontrast
status-title = Din plats i kön
your-turn = Det är din tur! Gå till { $desk }.
status-serving = Nu får du hjälp. Plats: { $desk }.
status-done = Ditt besök är klart. Tack för att du kom!
status-no-show = Vi ropade upp ditt nummer men du kom inte. Fråga personalen om hjälp.
status-unknown = Vi hittar inte den här kölappen. Den kan vara för gammal.
status-reconnecting = Uppdaterar …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = Nummer { $number }, gå till { $desk }.

# Asking for help at the kiosk: the staff are told at once.
help-button = Be om hjälp
help-sent = Personalen vet att du behöver hjälp. Någon kommer till dig.
help-failed = Vi kunde inte nå personalen. Fråga i receptionen.
help-close = Okej

# The tools on every screen, named for screen readers and tests.
read-aloud = Läs upp
change-language = Byt språk
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = Ditt nummer är { $number }.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = Skriv din kod
code-hint = Koden har sex siffror. Du fick den när din tid bokades.
code-erase = Sudda
code-done = Klar
code-without = Fortsätt utan kod
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = Jag har ingen bokad tid
code-unknown = Vi hittar inte koden. Kontrollera siffrorna och försök igen, eller fortsätt utan kod.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = Vi kan inte kontrollera koden just nu. Den kontrolleras så snart skärmen har kontakt igen.
code-accepted = Vi har hittat din bokade tid. Din handläggare vet att du är här.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = Din bokade tid
slip-when = Datum och tid
slip-where = Plats
slip-code = Din kod
slip-howto = När du kommer: välj ditt ärende på skärmen vid entrén och skriv koden när skärmen ber om den.
