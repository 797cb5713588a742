# Finnish (fi). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Plain-language Finnish (selkokieli style) addressing the visitor as "sinä", like the Swedish "du"; "Ekonomiskt bistånd" is rendered as "toimeentulotuki".

language-name = Suomi
greeting = Tervetuloa!
choose-language = Valitse kieli
choose-errand = Mitä asiasi koskee?
errand-job = Työ, CV ja työhakemukset
errand-study = Opiskelu, SFI ja aikuiskoulutus
errand-benefit = Toimeentulotuki ja varatut ajat
errand-af = Arbetsförmedlingen (Ruotsin työvoimatoimisto)
errand-digital = BankID, sähköiset palvelut ja lomakkeet
errand-other = En tiedä, tai jokin muu
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = Asuminen
question-appointment = Onko sinulla varattu aika?
question-interpreter = Tarvitsetko tulkkia?
answer-yes = Kyllä
answer-no = Ei
skip = Ohita
back = Takaisin
your-number = Numerosi
people-ahead =
    { $count ->
        [0] Jonossa ei ole ketään edelläsi.
        [one] Jonossa on yksi henkilö edelläsi.
       *[other] Jonossa on { $count } henkilöä edelläsi.
    }
estimated-wait = Arvioitu odotusaika: { $low }–{ $high } minuuttia
wait-unknown = Emme vielä tiedä odotusaikaa.
number-called-out = Numerosi näkyy näytöllä, ja se kuulutetaan, kun on sinun vuorosi.
checked-in-at = Ilmoittauduit klo { $time }
printer-out-of-paper = Tulostimesta on paperi loppu. Muista numerosi.
printer-not-working = Tulostin ei nyt toimi. Muista numerosi.
scan-to-follow = Skannaa koodi puhelimellasi, niin näet paikkasi jonossa.
one-moment = Hetkinen …
ask-staff = Jokin meni vikaan. Kysy henkilökunnalta, he auttavat sinua.
done = Valmis
still-there = Oletko vielä paikalla?
need-more-time = Tarvitsen lisää aikaa
returning-in =
    { $seconds ->
        [one] Näyttö alkaa alusta sekunnin kuluttua.
       *[other] Näyttö alkaa alusta { $seconds } sekunnin kuluttua.
    }
larger-text = Suurempi teksti
high-contrast = Suuri kontrasti
status-title = Paikkasi jonossa
your-turn = Nyt on sinun vuorosi! Mene paikkaan { $desk }.
status-serving = Saat nyt apua paikassa { $desk }.
status-done = Käyntisi on päättynyt. Kiitos, että tulit!
status-no-show = Kutsuimme numerosi, mutta et tullut. Pyydä apua henkilökunnalta.
status-unknown = Emme löydä tätä vuorolappua. Se voi olla liian vanha.
status-reconnecting = Päivitetään …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = Numero { $number }, mene paikkaan { $desk }.

# Asking for help at the kiosk: the staff are told at once.
help-button = Pyydä apua
help-sent = Henkilökunta tietää, että tarvitset apua. Joku tulee luoksesi.
help-failed = Emme saaneet yhteyttä henkilökuntaan. Kysy neuvonnasta.
help-close = Selvä

# The tools on every screen, named for screen readers and tests.
read-aloud = Lue ääneen
change-language = Vaihda kieli
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = Numerosi on { $number }.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = Kirjoita koodisi
code-hint = Koodissa on kuusi numeroa. Sait sen, kun aikasi varattiin.
code-erase = Poista
code-done = Valmis
code-without = Jatka ilman koodia
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = Minulla ei ole varattua aikaa
code-unknown = Emme löydä tätä koodia. Tarkista numerot ja yritä uudelleen tai jatka ilman koodia.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = Emme voi nyt tarkistaa koodiasi. Se tarkistetaan heti, kun näyttö saa taas yhteyden.
code-accepted = Löysimme varatun aikasi. Työntekijäsi tietää, että olet täällä.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = Varattu aikasi
slip-when = Päivämäärä ja kellonaika
slip-where = Paikka
slip-code = Koodisi
slip-howto = Kun tulet: valitse asiasi sisäänkäynnin näytöltä ja kirjoita koodi, kun näyttö pyytää sitä.
