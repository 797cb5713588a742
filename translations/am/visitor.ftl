# Amharic (am). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Ethiopic script with Ethiopic punctuation (። ፣ ፦ ፤); the visitor is addressed with the polite, gender-neutral "እርስዎ" forms.

language-name = አማርኛ
greeting = እንኳን ደህና መጡ!
choose-language = ቋንቋ ይምረጡ
choose-errand = የመጡበት ጉዳይ ምንድን ነው?
errand-job = ሥራ፣ CV እና የሥራ ማመልከቻዎች
errand-study = ትምህርት፣ SFI እና የአዋቂዎች ትምህርት
errand-benefit = የገንዘብ ድጋፍ እና የተያዙ ቀጠሮዎች
errand-af = Arbetsförmedlingen (የሥራ ስምሪት ቢሮ) ጉዳዮች
errand-digital = BankID፣ የኦንላይን አገልግሎቶች እና ቅጾች
errand-other = አላውቅም፣ ወይም ሌላ ጉዳይ
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = መኖሪያ ቤት
question-appointment = የተያዘ ቀጠሮ አለዎት?
question-interpreter = አስተርጓሚ ያስፈልግዎታል?
answer-yes = አዎ
answer-no = አይ
skip = ይዝለሉ
back = ወደ ኋላ
your-number = የእርስዎ ቁጥር
people-ahead =
    { $count ->
        [0] በወረፋው ከእርስዎ በፊት ማንም የለም።
        [one] በወረፋው ከእርስዎ በፊት አንድ ሰው አለ።
       *[other] በወረፋው ከእርስዎ በፊት { $count } ሰዎች አሉ።
    }
estimated-wait = ግምታዊ የመጠበቂያ ጊዜ፦ { $low }–{ $high } ደቂቃ
wait-unknown = የመጠበቂያ ጊዜውን እስካሁን አናውቅም።
number-called-out = ተራዎ ሲደርስ ቁጥርዎ በስክሪኑ ላይ ይታያል፤ በድምፅም ይጠራል።
checked-in-at = የተመዘገቡበት ሰዓት፦ { $time }
printer-out-of-paper = የማተሚያው ወረቀት አልቋል። እባክዎ ቁጥርዎን ያስታውሱ።
printer-not-working = ማተሚያው አሁን አይሰራም። እባክዎ ቁጥርዎን ያስታውሱ።
scan-to-follow = በወረፋው ያሉበትን ቦታ ለማየት ኮዱን በሞባይልዎ ስካን ያድርጉ።
one-moment = እባክዎ ትንሽ ይጠብቁ …
ask-staff = የሆነ ችግር ተፈጥሯል። እባክዎ ሠራተኞቹን ይጠይቁ፤ ይረዱዎታል።
done = ተጠናቋል
still-there = አሁንም እዚህ አሉ?
need-more-time = ተጨማሪ ጊዜ ያስፈልገኛል
returning-in =
    { $seconds ->
        [one] ስክሪኑ ከአንድ ሰከንድ በኋላ እንደገና ይጀምራል።
       *[other] ስክሪኑ ከ{ $seconds } ሰከንድ በኋላ እንደገና ይጀምራል።
    }
larger-text = ትልቅ ጽሑፍ
high-contrast = ከፍተኛ ንፅፅር
status-title = በወረፋው ያሉበት ቦታ
your-turn = ተራዎ ደርሷል! ወደ { $desk } ይሂዱ።
status-serving = አሁን በ{ $desk } እርዳታ እያገኙ ነው።
status-done = ጉብኝትዎ ተጠናቋል። ስለመጡ እናመሰግናለን!
status-no-show = ቁጥርዎን ጠርተን ነበር፤ ግን አልመጡም። እባክዎ ሠራተኞቹን እርዳታ ይጠይቁ።
status-unknown = ይህን የወረፋ ትኬት ማግኘት አልቻልንም። በጣም የቆየ ሊሆን ይችላል።
status-reconnecting = በማዘመን ላይ …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = ቁጥር { $number }፣ እባክዎ ወደ { $desk } ይሂዱ።

# Asking for help at the kiosk: the staff are told at once.
help-button = እርዳታ ይጠይቁ
help-sent = ሠራተኞቹ እርዳታ እንደሚያስፈልግዎ ያውቃሉ። አንድ ሰው ወደ እርስዎ ይመጣል።
help-failed = ሠራተኞቹን ማግኘት አልቻልንም። እባክዎ እንግዳ መቀበያው ላይ ይጠይቁ።
help-close = እሺ

# The tools on every screen, named for screen readers and tests.
read-aloud = ያዳምጡ
change-language = ቋንቋ ይቀይሩ
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = ቁጥርዎ { $number } ነው።

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = ኮድዎን ያስገቡ
code-hint = ኮዱ ስድስት አሃዞች አሉት። ቀጠሮዎ ሲያዝ የተሰጠዎት ነው።
code-erase = ያጥፉ
code-done = እሺ
code-without = ያለ ኮድ ይቀጥሉ
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = የተያዘ ቀጠሮ የለኝም
code-unknown = ይህን ኮድ ማግኘት አልቻልንም። እባክዎ አሃዞቹን ያረጋግጡና እንደገና ይሞክሩ፤ ወይም ያለ ኮድ ይቀጥሉ።
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = ኮድዎን አሁን ማረጋገጥ አንችልም። ስክሪኑ እንደገና እንደተገናኘ ወዲያውኑ ይረጋገጣል።
code-accepted = የተያዘ ቀጠሮዎን አግኝተናል። ጉዳይዎን የሚከታተሉት ሠራተኛ እዚህ መሆንዎን ያውቃሉ።

# The slip a counsellor prints for the resident when booking a visit.
slip-title = የተያዘ ቀጠሮዎ
slip-when = ቀን እና ሰዓት
slip-where = ቦታ
slip-code = የእርስዎ ኮድ
slip-howto = ሲደርሱ፦ በመግቢያው ላይ ባለው ስክሪን የመጡበትን ጉዳይ ይምረጡ፤ ስክሪኑ ኮዱን ሲጠይቅዎ ኮዱን ያስገቡ።
