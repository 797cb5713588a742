# Somali (so). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Standard Somali, Latin script, addressing the visitor in the singular ("adiga"); check "high-contrast" wording.

language-name = Soomaali
greeting = Soo dhawoow!
choose-language = Dooro luqadda
choose-errand = Waa maxay ujeeddada booqashadaadu?
errand-job = Shaqo, CV iyo codsiyo shaqo
errand-study = Waxbarasho, SFI iyo waxbarashada dadka waaweyn
errand-benefit = Kaalmada dhaqaalaha iyo ballamaha la qabsaday
errand-af = Arrimaha Arbetsförmedlingen (Xafiiska Shaqada)
errand-digital = BankID, adeegyada internetka iyo foomamka
errand-other = Ma garanayo, ama wax kale
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = Guri iyo hoy
question-appointment = Ballan horay loo qabsaday ma leedahay?
question-interpreter = Turjubaan ma u baahan tahay?
answer-yes = Haa
answer-no = Maya
skip = Ka gudub
back = Dib u noqo
your-number = Lambarkaaga
people-ahead =
    { $count ->
        [0] Ma jiro qof kaa horreeya safka.
        [one] Hal qof ayaa kaa horreeya safka.
       *[other] { $count } qof ayaa kaa horreeya safka.
    }
estimated-wait = Qiyaasta waqtiga sugitaanka: { $low }–{ $high } daqiiqo
wait-unknown = Weli ma naqaan waqtiga sugitaanka.
number-called-out = Lambarkaaga waxaa lagu muujin doonaa shaashadda, waana lagu dhawaaqi doonaa marka nobaddaadu timaado.
checked-in-at = Waqtiga aad timid: { $time }
printer-out-of-paper = Daabacaha waxaa ka dhammaaday warqaddii. Fadlan xusuuso lambarkaaga.
printer-not-working = Daabacaha hadda ma shaqaynayo. Fadlan xusuuso lambarkaaga.
scan-to-follow = Koodhka ku iskaan garee taleefankaaga si aad u aragto meesha aad safka ka joogto.
one-moment = Fadlan sug wax yar …
ask-staff = Wax baa khaldamay. Fadlan weydii shaqaalaha, way ku caawin doonaan.
done = Dhammaatay
still-there = Weli ma joogtaa?
need-more-time = Waqti dheeraad ah ayaan u baahanahay
returning-in =
    { $seconds ->
        [one] Shaashaddu waxay dib u bilaabanaysaa hal ilbiriqsi kadib.
       *[other] Shaashaddu waxay dib u bilaabanaysaa { $seconds } ilbiriqsi kadib.
    }
larger-text = Qoraal ka weyn
high-contrast = Midabyo aad u kala duwan
status-title = Meesha aad safka ka joogto
your-turn = Waa nobaddaada! U tag { $desk }.
status-serving = Hadda waxaa lagaa caawinayaa goobta { $desk }.
status-done = Booqashadaadu way dhammaatay. Mahadsanid inaad timid!
status-no-show = Waan ku dhawaaqnay lambarkaaga, laakiin ma aadan iman. Fadlan caawimo weydii shaqaalaha.
status-unknown = Tigidhkan safka ma heli karno. Waxaa laga yaabaa in waqtigiisu dhacay.
status-reconnecting = Waa la cusboonaysiinayaa …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = Lambarka { $number }, fadlan u tag { $desk }.

# Asking for help at the kiosk: the staff are told at once.
help-button = Codso caawimaad
help-sent = Shaqaaluhu way ogyihiin inaad caawimaad u baahan tahay. Qof ayaa kuu iman doona.
help-failed = Ma aanan gaadhi karin shaqaalaha. Fadlan weydii miiska soo dhawaynta.
help-close = Hagaag

# The tools on every screen, named for screen readers and tests.
read-aloud = Dhageyso
change-language = Beddel luqadda
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = Lambarkaagu waa { $number }.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = Geli koodhkaaga
code-hint = Koodhku wuxuu ka kooban yahay lix tiro. Waxaad heshay markii ballantaada la qabsaday.
code-erase = Tirtir
code-done = Xaqiiji
code-without = Ku sii wad koodh la'aan
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = Ballan horay loo qabsaday ma lihi
code-unknown = Koodhkan ma heli karno. Fadlan hubi tirooyinka oo isku day mar kale, ama ku sii wad koodh la'aan.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = Hadda ma hubin karno koodhkaaga. Waa la hubin doonaa isla marka shaashaddu mar kale xiriir hesho.
code-accepted = Waan helnay ballantaada. Qofka kiiskaaga haya wuu og yahay inaad halkan joogto.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = Ballantaada
slip-when = Taariikhda iyo saacadda
slip-where = Goobta
slip-code = Koodhkaaga
slip-howto = Markaad timaado: ka dooro ujeeddada booqashadaada shaashadda ku taal iridda laga soo galo, kadibna geli koodhka marka shaashaddu ku weydiiso.
