# Tigrinya (ti). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Ge'ez (Ethiopic) script with Ethiopic punctuation (። ፣ ፦); the visitor is addressed with the polite plural (ንስኹም).

language-name = ትግርኛ
greeting = እንቋዕ ብደሓን መጻእኩም!
choose-language = ቋንቋ ምረጹ
choose-errand = ንምንታይ ጉዳይ ኢኹም መጺኹም?
errand-job = ስራሕ፣ CV ከምኡ’ውን መመልከቲታት ስራሕ
errand-study = ትምህርቲ፣ SFI ከምኡ’ውን ትምህርቲ ዓበይቲ
errand-benefit = ገንዘባዊ ሓገዝ ከምኡ’ውን ዝተሓዘ ቆጸራታት
errand-af = ጉዳያት Arbetsförmedlingen (ቤት ጽሕፈት ስራሕ)
errand-digital = BankID፣ ኦንላይን ኣገልግሎታት ከምኡ’ውን ቅጥዕታት
errand-other = ኣይፈልጥን፣ ወይ ካልእ ጉዳይ
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = ገዛን መንበሪን
question-appointment = ዝተሓዘ ቆጸራ ኣሎኩም ድዩ?
question-interpreter = ተርጓሚ የድልየኩም ድዩ?
answer-yes = እወ
answer-no = ኣይፋል
skip = ሕለፉ
back = ንድሕሪት
your-number = ቁጽርኹም
people-ahead =
    { $count ->
        [0] ኣብ መስርዕ ቅድሜኹም ዝኾነ ሰብ የለን።
        [one] ኣብ መስርዕ ቅድሜኹም ሓደ ሰብ ኣሎ።
       *[other] ኣብ መስርዕ ቅድሜኹም { $count } ሰባት ኣለዉ።
    }
estimated-wait = ግምታዊ ግዜ ምጽባይ፦ { $low }–{ $high } ደቒቕ
wait-unknown = ግዜ ምጽባይ ገና ኣይንፈልጦን ኢና።
number-called-out = ተራኹም ምስ በጽሐ፣ ቁጽርኹም ኣብ ስክሪን ክርአን ብድምጺ ክጽዋዕን እዩ።
checked-in-at = ዝተመዝገብኩምሉ ሰዓት፡ { $time }
printer-out-of-paper = ማሕተሚ ወረቐት ተወዲኡዎ። በጃኹም ቁጽርኹም ዘክሩ።
printer-not-working = ማሕተሚ ሕጂ ኣይሰርሕን ዘሎ። በጃኹም ቁጽርኹም ዘክሩ።
scan-to-follow = ኣብ መስርዕ ዘለኹምሉ ቦታ ንምርኣይ፣ ነቲ ኮድ ብሞባይልኩም ስካን ግበሩ።
one-moment = በጃኹም ቁሩብ ተጸበዩ …
ask-staff = ገለ ጌጋ ተፈጢሩ። በጃኹም ንሰራሕተኛታት ሕተቱ፣ ክሕግዙኹም እዮም።
done = ተወዲኡ
still-there = ገና ኣብዚ ኣለኹም ዶ?
need-more-time = ተወሳኺ ግዜ የድልየኒ ኣሎ
returning-in =
    { $seconds ->
        [one] እቲ ስክሪን ድሕሪ ሓንቲ ካልኢት ካብ መጀመርታ ክጅምር እዩ።
       *[other] እቲ ስክሪን ድሕሪ { $seconds } ካልኢት ካብ መጀመርታ ክጅምር እዩ።
    }
larger-text = ዝዓበየ ጽሑፍ
high-contrast = ልዑል ፍልልይ ሕብሪ
status-title = ኣብ መስርዕ ዘለኹምሉ ቦታ
your-turn = ተራኹም በጺሑ! ናብ { $desk } ኪዱ።
status-serving = ሕጂ ኣብ { $desk } ሓገዝ ትረኽቡ ኣለኹም።
status-done = ምብጻሕኩም ተዛዚሙ ኣሎ። ብምምጻእኩም የቐንየልና!
status-no-show = ቁጽርኹም ጸዊዕናዮ ነይርና፣ ግን ኣይመጻእኩምን። በጃኹም ንሰራሕተኛታት ሓገዝ ሕተቱ።
status-unknown = ነዚ ትኬት መስርዕ ክንረኽቦ ኣይከኣልናን። ኣዝዩ ኣረጊቱ ክኸውን ይኽእል እዩ።
status-reconnecting = ይሕደስ ኣሎ …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = ቁጽሪ { $number }፣ በጃኹም ናብ { $desk } ኪዱ።

# Asking for help at the kiosk: the staff are told at once.
help-button = ሓገዝ ሕተት
help-sent = ሰራሕተኛታት ሓገዝ ከም ዘድልየካ ፈሊጦም። ሓደ ሰብ ናባኻ ክመጽእ እዩ።
help-failed = ናብ ሰራሕተኛታት ክንበጽሕ ኣይከኣልናን። በጃኻ ኣብ መቐበሊ ሕተት።
help-close = ሕራይ

# The tools on every screen, named for screen readers and tests.
read-aloud = ስምዑ
change-language = ቋንቋ ቀይሩ
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = ቁጽሪኹም { $number } እዩ።

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = ኮድኩም ኣእትዉ
code-hint = እቲ ኮድ ሽዱሽተ ኣሃዛት ኣለዎ። ቆጸራኹም ምስ ተሓዘ እዩ ተዋሂቡኩም።
code-erase = ደምስሱ
code-done = ሕራይ
code-without = ብዘይ ኮድ ቀጽሉ
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = ዝተሓዘ ቆጸራ የብለይን
code-unknown = ነዚ ኮድ ክንረኽቦ ኣይከኣልናን። በጃኹም ነቶም ኣሃዛት ኣረጋግጹ እሞ ደጊምኩም ፈትኑ፣ ወይ ብዘይ ኮድ ቀጽሉ።
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = ሕጂ ንኮድኩም ከነረጋግጾ ኣይንኽእልን ኢና። እቲ ስክሪን ደጊሙ ምስ ተራኸበ፣ ብኡንብኡ ክረጋገጽ እዩ።
code-accepted = ዝተሓዘ ቆጸራኹም ረኺብናዮ። ጉዳይኩም ዝከታተል ሰራሕተኛ ኣብዚ ከም ዘለኹም ይፈልጥ እዩ።

# The slip a counsellor prints for the resident when booking a visit.
slip-title = ዝተሓዘ ቆጸራኹም
slip-when = ዕለትን ሰዓትን
slip-where = ቦታ
slip-code = ኮድኩም
slip-howto = ምስ መጻእኩም፦ ኣብቲ ኣብ መእተዊ ዘሎ ስክሪን ጉዳይኩም ምረጹ፣ እቲ ስክሪን ኮድ ምስ ሓተተኩም ከኣ ነቲ ኮድ ኣእትዉ።
