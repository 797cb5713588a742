# Pashto (ps). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Standard written Pashto (Afghan spelling) with the polite plural "تاسو"; check "skip" (تېر شئ) and "high-contrast" wording.

language-name = پښتو
greeting = ښه راغلاست!
choose-language = ژبه وټاکئ
choose-errand = ستاسو د راتګ موخه څه ده؟
errand-job = دنده، CV او د دندې غوښتنلیکونه
errand-study = زده کړه، SFI او د لویانو تعلیم
errand-benefit = مالي مرسته او مخکې ټاکل شوي ملاقاتونه
errand-af = د کار موندنې اداره – Arbetsförmedlingen
errand-digital = انټرنېټي خدمتونه، BankID او فورمې
errand-other = نه پوهېږم، یا بل څه
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = کور او استوګنه
question-appointment = ایا مخکې ټاکل شوی وخت لرئ؟
question-interpreter = ایا ترجمان ته اړتیا لرئ؟
answer-yes = هو
answer-no = نه
skip = تېر شئ
back = شاته
your-number = ستاسو شمېره
people-ahead =
    { $count ->
        [0] په کتار کې ستاسو مخکې هېڅوک نشته.
        [one] په کتار کې ستاسو مخکې یو کس دی.
       *[other] په کتار کې ستاسو مخکې { $count } کسان دي.
    }
estimated-wait = د انتظار اټکلي وخت: { $low }–{ $high } دقیقې
wait-unknown = موږ لا تر اوسه د انتظار په وخت نه پوهېږو.
number-called-out = کله چې ستاسو وار راشي، ستاسو شمېره به په سکرین ښکاره شي او اعلان به شي.
checked-in-at = د راتګ وخت: { $time }
printer-out-of-paper = د پرنټر کاغذ خلاص شوی دی. مهرباني وکړئ خپله شمېره په یاد ولرئ.
printer-not-working = پرنټر اوس کار نه کوي. مهرباني وکړئ خپله شمېره په یاد ولرئ.
scan-to-follow = کوډ په خپل موبایل سکن کړئ، څو په کتار کې خپل ځای وګورئ.
one-moment = مهرباني وکړئ لږ صبر وکړئ …
ask-staff = یوه ستونزه رامنځته شوه. مهرباني وکړئ له کارکوونکو وپوښتئ، دوی به مو مرسته وکړي.
done = بشپړ شو
still-there = ایا لا هم دلته یاست؟
need-more-time = زه نور وخت ته اړتیا لرم
returning-in =
    { $seconds ->
        [one] سکرین به له یوې ثانیې وروسته له سره پیل شي.
       *[other] سکرین به له { $seconds } ثانیو وروسته له سره پیل شي.
    }
larger-text = لوی متن
high-contrast = لوړ کنټراسټ
status-title = په کتار کې ستاسو ځای
your-turn = ستاسو وار دی! مهرباني وکړئ { $desk } ته لاړ شئ.
status-serving = اوس په { $desk } کې له تاسو سره مرسته کېږي.
status-done = ستاسو لیدنه پای ته ورسېده. مننه چې راغلئ!
status-no-show = موږ ستاسو شمېره اعلان کړه، خو تاسو رانغلئ. مهرباني وکړئ له کارکوونکو څخه مرسته وغواړئ.
status-unknown = دا د کتار ټکټ نه موندل کېږي. کېدای شي ډېر زوړ وي.
status-reconnecting = تازه کېږي …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = شمېره { $number }، مهرباني وکړئ { $desk } ته لاړ شئ.

# Asking for help at the kiosk: the staff are told at once.
help-button = د مرستې غوښتنه
help-sent = کارکوونکي پوهېږي چې تاسو مرستې ته اړتیا لرئ. یو څوک به تاسو ته راشي.
help-failed = موږ کارکوونکو ته ونه رسېدو. مهرباني وکړئ له استقبال څخه پوښتنه وکړئ.
help-close = سمه ده

# The tools on every screen, named for screen readers and tests.
read-aloud = اورېدل
change-language = ژبه بدله کړئ
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = ستاسو شمېره { $number } ده.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = خپل کوډ ولیکئ
code-hint = کوډ له شپږو عددونو جوړ دی. کله چې ستاسو وخت وټاکل شو، تاسو دا کوډ ترلاسه کړ.
code-erase = پاکول
code-done = تایید
code-without = له کوډ پرته دوام ورکړئ
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = زه مخکې ټاکل شوی وخت نه لرم
code-unknown = دا کوډ نه موندل کېږي. مهرباني وکړئ عددونه وګورئ او بیا هڅه وکړئ، یا له کوډ پرته دوام ورکړئ.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = موږ اوس نه شو کولای ستاسو کوډ وګورو. څنګه چې سکرین بیا وصل شي، کوډ به وکتل شي.
code-accepted = موږ ستاسو ټاکل شوی وخت وموند. ستاسو د دوسیې مسؤل کارکوونکی پوهېږي چې تاسو دلته یاست.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = ستاسو ټاکل شوی وخت
slip-when = نېټه او وخت
slip-where = ځای
slip-code = ستاسو کوډ
slip-howto = کله چې راشئ: د ننوتلو دروازې تر څنګ په سکرین کې د خپل راتګ موخه وټاکئ، او کله چې سکرین کوډ وغواړي، هغه ولیکئ.
