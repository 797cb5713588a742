# Arabic (ar). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Modern Standard Arabic. "You" is kept gender-neutral where possible (unvowelled -ك, يرجى, يمكنك) instead of masculine imperatives.

language-name = العربية
greeting = أهلاً وسهلاً!
choose-language = اختيار اللغة
choose-errand = ما سبب زيارتك؟
errand-job = العمل والسيرة الذاتية وطلبات التوظيف
errand-study = الدراسة ودروس SFI وتعليم الكبار
errand-benefit = المساعدة المالية والمواعيد المحجوزة
errand-af = مكتب التوظيف – Arbetsförmedlingen
errand-digital = الخدمات الإلكترونية و BankID والاستمارات
errand-other = لا أعرف، أو شيء آخر
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = السكن
question-appointment = هل لديك موعد محجوز؟
question-interpreter = هل أنت بحاجة إلى مترجم؟
answer-yes = نعم
answer-no = لا
skip = تخطي
back = رجوع
your-number = رقمك
people-ahead =
    { $count ->
        [0] لا يوجد أحد أمامك في الطابور.
        [zero] لا يوجد أحد أمامك في الطابور.
        [one] يوجد شخص واحد أمامك في الطابور.
        [two] يوجد شخصان أمامك في الطابور.
        [few] يوجد { $count } أشخاص أمامك في الطابور.
        [many] يوجد { $count } شخصاً أمامك في الطابور.
       *[other] يوجد { $count } شخص أمامك في الطابور.
    }
estimated-wait =
    { $high ->
        [zero] وقت الانتظار التقريبي: من { $low } إلى { $high } دقيقة
        [one] وقت الانتظار التقريبي: من { $low } إلى { $high } دقيقة
        [two] وقت الانتظار التقريبي: من { $low } إلى { $high } دقيقة
        [few] وقت الانتظار التقريبي: من { $low } إلى { $high } دقائق
       *[other] وقت الانتظار التقريبي: من { $low } إلى { $high } دقيقة
    }
wait-unknown = لا نعرف وقت الانتظار بعد.
number-called-out = سيظهر رقمك على الشاشة ويُنادى عليه عندما يحين دورك.
checked-in-at = وقت الحضور: { $time }
printer-out-of-paper = نفد الورق من الطابعة. تذكّر رقمك من فضلك.
printer-not-working = الطابعة لا تعمل الآن. تذكّر رقمك من فضلك.
scan-to-follow = امسح رمز QR بكاميرا هاتفك لترى مكانك في الطابور.
one-moment = لحظة من فضلك …
ask-staff = حدث خطأ ما. يرجى سؤال الموظفين وسيساعدونك.
done = تم
still-there = هل ما زلت هنا؟
need-more-time = أحتاج إلى وقت إضافي
returning-in =
    { $seconds ->
        [zero] ستبدأ الشاشة من جديد الآن.
        [one] ستبدأ الشاشة من جديد بعد ثانية واحدة.
        [two] ستبدأ الشاشة من جديد بعد ثانيتين.
        [few] ستبدأ الشاشة من جديد بعد { $seconds } ثوانٍ.
        [many] ستبدأ الشاشة من جديد بعد { $seconds } ثانية.
       *[other] ستبدأ الشاشة من جديد بعد { $seconds } ثانية.
    }
larger-text = نص أكبر
high-contrast = تباين عالٍ
status-title = مكانك في الطابور
your-turn = حان دورك! يرجى التوجه إلى { $desk }.
status-serving = تتم مساعدتك الآن في { $desk }.
status-done = انتهت زيارتك. شكراً لحضورك!
status-no-show = نادينا على رقمك لكننا لم نرك. يرجى طلب المساعدة من الموظفين.
status-unknown = لا نجد تذكرة الدور هذه. ربما تكون قديمة جداً.
status-reconnecting = جارٍ التحديث …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = الرقم { $number }، يرجى التوجه إلى { $desk }.

# Asking for help at the kiosk: the staff are told at once.
help-button = اطلب المساعدة
help-sent = عرف الموظفون أنك تحتاج إلى مساعدة. سيأتي إليك أحدهم.
help-failed = لم نتمكن من الوصول إلى الموظفين. يرجى السؤال في الاستقبال.
help-close = حسنًا

# The tools on every screen, named for screen readers and tests.
read-aloud = استمع
change-language = تغيير اللغة
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = رقمك هو { $number }.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = إدخال الرمز
code-hint = يتكون الرمز من ستة أرقام. حصلت عليه عند حجز موعدك.
code-erase = مسح
code-done = تم
code-without = المتابعة بدون رمز
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = ليس لدي موعد محجوز
code-unknown = لا نجد هذا الرمز. يرجى التحقق من الأرقام والمحاولة مرة أخرى، أو المتابعة بدون رمز.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = لا يمكننا التحقق من رمزك الآن. سنتحقق منه فور عودة اتصال الشاشة.
code-accepted = وجدنا موعدك المحجوز. الموظف المسؤول عن ملفك يعلم أنك هنا.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = موعدك المحجوز
slip-when = التاريخ والوقت
slip-where = المكان
slip-code = رمزك
slip-howto = عند وصولك: يرجى اختيار سبب زيارتك على الشاشة عند المدخل، ثم إدخال الرمز عندما تطلبه الشاشة.
