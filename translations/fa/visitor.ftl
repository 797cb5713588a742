# Persian (fa). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Iranian Persian, polite "شما", standard spelling with zero-width non-joiner (می‌شود، بزرگ‌تر); Dari is in fa-AF.

language-name = فارسی
greeting = خوش آمدید!
choose-language = زبان را انتخاب کنید
choose-errand = موضوع مراجعهٔ شما چیست؟
errand-job = کار، رزومه و درخواست‌های کار
errand-study = تحصیل، SFI و آموزش بزرگسالان
errand-benefit = کمک مالی و نوبت‌های رزروشده
errand-af = ادارهٔ کاریابی – Arbetsförmedlingen
errand-digital = خدمات الکترونیکی، BankID و فرم‌ها
errand-other = نمی‌دانم، یا موضوع دیگری
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = مسکن و خانه
question-appointment = آیا از قبل نوبت گرفته‌اید؟
question-interpreter = آیا به مترجم نیاز دارید؟
answer-yes = بله
answer-no = خیر
skip = رد شدن
back = بازگشت
your-number = شمارهٔ شما
people-ahead =
    { $count ->
        [0] هیچ‌کس در صف جلوی شما نیست.
        [one] یک نفر در صف جلوی شماست.
       *[other] { $count } نفر در صف جلوی شما هستند.
    }
estimated-wait = زمان تقریبی انتظار: { $low }–{ $high } دقیقه
wait-unknown = هنوز زمان انتظار را نمی‌دانیم.
number-called-out = وقتی نوبت شما شود، شمارهٔ شما روی صفحه نمایش داده و اعلام می‌شود.
checked-in-at = زمان ثبت ورود: { $time }
printer-out-of-paper = کاغذ چاپگر تمام شده است. لطفاً شماره‌تان را به خاطر بسپارید.
printer-not-working = چاپگر الان کار نمی‌کند. لطفاً شماره‌تان را به خاطر بسپارید.
scan-to-follow = کد را با تلفن همراه خود اسکن کنید تا جای خود را در صف ببینید.
one-moment = لطفاً کمی صبر کنید …
ask-staff = مشکلی پیش آمد. لطفاً از کارکنان بپرسید، آن‌ها به شما کمک می‌کنند.
done = تمام
still-there = هنوز اینجا هستید؟
need-more-time = به وقت بیشتری نیاز دارم
returning-in =
    { $seconds ->
        [one] صفحه تا یک ثانیهٔ دیگر از اول شروع می‌شود.
       *[other] صفحه تا { $seconds } ثانیهٔ دیگر از اول شروع می‌شود.
    }
larger-text = متن بزرگ‌تر
high-contrast = کنتراست بالا
status-title = جای شما در صف
your-turn = نوبت شماست! لطفاً به { $desk } بروید.
status-serving = اکنون در { $desk } به شما کمک می‌شود.
status-done = مراجعهٔ شما تمام شد. از آمدنتان سپاسگزاریم!
status-no-show = شمارهٔ شما را صدا زدیم، اما نیامدید. لطفاً از کارکنان کمک بخواهید.
status-unknown = این برگهٔ نوبت را پیدا نمی‌کنیم. ممکن است خیلی قدیمی باشد.
status-reconnecting = در حال به‌روزرسانی …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = شمارهٔ { $number }، لطفاً به { $desk } بروید.

# Asking for help at the kiosk: the staff are told at once.
help-button = درخواست کمک
help-sent = کارکنان می‌دانند که به کمک نیاز دارید. کسی پیش شما می‌آید.
help-failed = نتوانستیم به کارکنان خبر بدهیم. لطفاً از پذیرش بپرسید.
help-close = باشه

# The tools on every screen, named for screen readers and tests.
read-aloud = شنیدن
change-language = تغییر زبان
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = شمارهٔ شما { $number } است.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = کد خود را وارد کنید
code-hint = کد شش رقم دارد. آن را هنگام گرفتن نوبت دریافت کرده‌اید.
code-erase = پاک کردن
code-done = تمام
code-without = ادامه بدون کد
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = از قبل نوبت نگرفته‌ام
code-unknown = این کد را پیدا نمی‌کنیم. لطفاً رقم‌ها را بررسی کنید و دوباره امتحان کنید، یا بدون کد ادامه دهید.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = الان نمی‌توانیم کد شما را بررسی کنیم. به محض اینکه صفحه دوباره وصل شود، کد بررسی می‌شود.
code-accepted = نوبت شما را پیدا کردیم. مسئول پروندهٔ شما می‌داند که اینجا هستید.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = نوبت شما
slip-when = تاریخ و ساعت
slip-where = مکان
slip-code = کد شما
slip-howto = وقتی رسیدید: موضوع مراجعهٔ خود را روی صفحهٔ کنار در ورودی انتخاب کنید و وقتی صفحه کد را خواست، آن را وارد کنید.
