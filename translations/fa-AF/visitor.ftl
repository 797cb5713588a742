# Dari (fa-AF). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Dari as written in Afghanistan, polite "شما": Afghan words where they differ from Iranian Persian (نمبر، تکت، ترجمان، ضرورت، کلان، کاهلان، فورم، موبایل، بلی/نخیر، تشکر).

language-name = دری
greeting = خوش آمدید!
choose-language = زبان را انتخاب کنید
choose-errand = مراجعهٔ شما در بارهٔ چیست؟
errand-job = کار، سی‌وی و درخواستی‌های کار
errand-study = تحصیلات، SFI و تعلیمات کاهلان
errand-benefit = کمک مالی و ملاقات‌های تعیین‌شده
errand-af = ادارهٔ کاریابی – Arbetsförmedlingen
errand-digital = خدمات الکترونیکی، BankID و فورم‌ها
errand-other = نمی‌دانم، یا کدام چیز دیگر
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = خانه و مسکن
question-appointment = آیا وقت ملاقات دارید؟
question-interpreter = آیا به ترجمان ضرورت دارید؟
answer-yes = بلی
answer-no = نخیر
skip = رد شدن
back = برگشت
your-number = نمبر شما
people-ahead =
    { $count ->
        [0] در صف پیش از شما هیچ کس نیست.
        [one] در صف پیش از شما یک نفر است.
       *[other] در صف پیش از شما { $count } نفر هستند.
    }
estimated-wait = وقت تقریبی انتظار: { $low }–{ $high } دقیقه
wait-unknown = هنوز وقت انتظار را نمی‌دانیم.
number-called-out = وقتی نوبت شما رسید، نمبر شما روی صفحه نشان داده می‌شود و اعلان می‌گردد.
checked-in-at = وقت ثبت ورود: { $time }
printer-out-of-paper = کاغذ پرنتر خلاص شده است. لطفاً نمبر تان را به یاد داشته باشید.
printer-not-working = پرنتر فعلاً کار نمی‌کند. لطفاً نمبر تان را به یاد داشته باشید.
scan-to-follow = کود را با موبایل خود اسکن کنید تا جای خود را در صف ببینید.
one-moment = لطفاً کمی صبر کنید …
ask-staff = مشکلی پیش آمد. لطفاً از کارمندان بپرسید، آن‌ها با شما کمک می‌کنند.
done = تمام شد
still-there = هنوز هم اینجا هستید؟
need-more-time = به وقت بیشتر ضرورت دارم
returning-in =
    { $seconds ->
        [one] صفحه بعد از یک ثانیه از سر شروع می‌شود.
       *[other] صفحه بعد از { $seconds } ثانیه از سر شروع می‌شود.
    }
larger-text = متن کلان‌تر
high-contrast = کنتراست بلند
status-title = جای شما در صف
your-turn = نوبت شما رسید! لطفاً به { $desk } بروید.
status-serving = حالا در { $desk } به شما کمک می‌شود.
status-done = مراجعهٔ شما تمام شد. تشکر که آمدید!
status-no-show = نمبر شما را صدا کردیم، اما نیامدید. لطفاً از کارمندان کمک بخواهید.
status-unknown = این تکت نوبت پیدا نمی‌شود. شاید بسیار کهنه باشد.
status-reconnecting = در حال تازه شدن …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = نمبر { $number }، لطفاً به { $desk } بروید.

# Asking for help at the kiosk: the staff are told at once.
help-button = درخواست کمک
help-sent = کارمندان می‌دانند که به کمک ضرورت دارید. کسی نزد شما می‌آید.
help-failed = نتوانستیم به کارمندان خبر بدهیم. لطفاً از پذیرش بپرسید.
help-close = خوب

# The tools on every screen, named for screen readers and tests.
read-aloud = شنیدن
change-language = تبدیل زبان
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = نمبر شما { $number } است.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = کود تان را وارد کنید
code-hint = کود شش رقم دارد. آن را وقتی گرفتید که وقت ملاقات تان تعیین شد.
code-erase = پاک کردن
code-done = تایید
code-without = ادامه بدون کود
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = وقت ملاقات ندارم
code-unknown = این کود پیدا نمی‌شود. لطفاً رقم‌ها را بررسی کنید و دوباره کوشش کنید، یا بدون کود ادامه بدهید.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = فعلاً نمی‌توانیم کود شما را بررسی کنیم. به مجردی که صفحه دوباره وصل شود، کود بررسی می‌شود.
code-accepted = وقت ملاقات شما را پیدا کردیم. کارمند مسئول پروندهٔ شما می‌داند که شما اینجا هستید.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = وقت ملاقات شما
slip-when = تاریخ و ساعت
slip-where = محل
slip-code = کود شما
slip-howto = وقتی آمدید: موضوع مراجعهٔ تان را روی صفحهٔ نزدیک دروازهٔ ورودی انتخاب کنید و وقتی صفحه کود را خواست، آن را وارد کنید.
