# Northern Kurdish / Kurmanji (kmr). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Kurmanji in the Latin (Hawar) alphabet; the visitor is addressed with the polite plural "hûn"; "randevû" is used for a booked appointment.

language-name = Kurmancî
greeting = Bi xêr hatin!
choose-language = Zimanê xwe hilbijêrin
choose-errand = Serdana we li ser çi ye?
errand-job = Kar, CV û serlêdanên kar
errand-study = Xwendin, SFI û perwerdeya mezinan
errand-benefit = Alîkariya aborî û randevûyên girtî
errand-af = Karûbarên Arbetsförmedlingen (ofîsa kar)
errand-digital = BankID, xizmetên elektronîk û form
errand-other = Nizanim, an tiştekî din
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = Xanî û rûniştin
question-appointment = Randevûya we heye?
question-interpreter = Pêdiviya we bi wergêr heye?
answer-yes = Erê
answer-no = Na
skip = Derbas bikin
back = Paşve
your-number = Hejmara we
people-ahead =
    { $count ->
        [0] Di rêzê de kes li pêşiya we nîne.
        [one] Di rêzê de kesek li pêşiya we heye.
       *[other] Di rêzê de { $count } kes li pêşiya we hene.
    }
estimated-wait = Dema bendemayînê ya texmînî: { $low }–{ $high } deqîqe
wait-unknown = Em hîn dema bendemayînê nizanin.
number-called-out = Dema ku dora we were, hejmara we dê li ser ekranê xuya bibe û bê gazîkirin.
checked-in-at = Dema hatinê: { $time }
printer-out-of-paper = Kaxiza çapkerê qediya. Ji kerema xwe hejmara xwe ji bîr neke.
printer-not-working = Çapker niha naxebite. Ji kerema xwe hejmara xwe ji bîr neke.
scan-to-follow = Kodê bi telefona xwe skan bikin da ku cihê xwe yê di rêzê de bibînin.
one-moment = Ji kerema xwe hinekî bisekinin …
ask-staff = Tiştek xelet çû. Ji kerema xwe ji karmendan bipirsin, ew ê alîkariya we bikin.
done = Temam
still-there = Hûn hîn li vir in?
need-more-time = Ji min re wextê zêdetir lazim e
returning-in =
    { $seconds ->
        [one] Ekran piştî çirkeyekê ji nû ve dest pê dike.
       *[other] Ekran piştî { $seconds } çirkeyan ji nû ve dest pê dike.
    }
larger-text = Nivîsa mezintir
high-contrast = Kontrasta bilind
status-title = Cihê we di rêzê de
your-turn = Dora we ye! Ji kerema xwe herin { $desk }.
status-serving = Niha li { $desk } alîkariya we tê kirin.
status-done = Serdana we qediya. Spas ji bo hatina we!
status-no-show = Me gazî hejmara we kir, lê hûn nehatin. Ji kerema xwe ji karmendan alîkariyê bixwazin.
status-unknown = Em vê bilêta rêzê nabînin. Dibe ku pir kevn be.
status-reconnecting = Tê nûkirin …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = Hejmar { $number }, ji kerema xwe herin { $desk }.

# Asking for help at the kiosk: the staff are told at once.
help-button = Alîkarî bixwaze
help-sent = Karmend dizanin ku pêdiviya te bi alîkariyê heye. Kesek dê were cem te.
help-failed = Me nikarîbû xwe bigihînin karmendan. Ji kerema xwe li resepsiyonê bipirse.
help-close = Baş e

# The tools on every screen, named for screen readers and tests.
read-aloud = Guhdarî bikin
change-language = Zimên biguherînin
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = Hejmara we { $number } e.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = Koda xwe binivîsin
code-hint = Kod ji şeş reqeman pêk tê. We ew wergirt dema ku randevûya we hat girtin.
code-erase = Jê bibin
code-done = Temam
code-without = Bêyî kod berdewam bikin
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = Randevûya min nîne
code-unknown = Em vê kodê nabînin. Ji kerema xwe reqeman kontrol bikin û dîsa biceribînin, an jî bêyî kod berdewam bikin.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = Em niha nikarin koda we kontrol bikin. Dema ku ekran dîsa were girêdan, ew ê yekser bê kontrolkirin.
code-accepted = Me randevûya we dît. Berpirsiyarê dosyaya we dizane ku hûn li vir in.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = Randevûya we
slip-when = Dîrok û dem
slip-where = Cih
slip-code = Koda we
slip-howto = Dema ku hûn hatin: li ser ekrana li ber deriyê têketinê mijara serdana xwe hilbijêrin, û dema ku ekran kodê ji we bixwaze, kodê binivîsin.
