# Central Kurdish / Sorani (ckb). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Sorani in Kurdish Arabic script (ە ێ ۆ ڵ ڕ); the visitor is addressed with the polite plural "ئێوە"; the endonym is written "کوردی (سۆرانی)" so readers recognise it.

language-name = کوردی سۆرانی
greeting = بەخێربێن!
choose-language = زمان هەڵبژێرن
choose-errand = سەردانەکەتان دەربارەی چییە؟
errand-job = کار، CV و داواکاریی کار
errand-study = خوێندن، SFI و خوێندنی گەورەساڵان
errand-benefit = یارمەتیی دارایی و کاتی دیاریکراو
errand-af = فەرمانگەی کار – Arbetsförmedlingen
errand-digital = خزمەتگوزارییە ئەلیکترۆنییەکان، BankID و فۆڕمەکان
errand-other = نازانم، یان شتێکی تر
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = خانوو و نیشتەجێبوون
question-appointment = کاتی دیاریکراوتان هەیە؟
question-interpreter = پێویستتان بە وەرگێڕ هەیە؟
answer-yes = بەڵێ
answer-no = نەخێر
skip = تێپەڕاندن
back = گەڕانەوە
your-number = ژمارەکەتان
people-ahead =
    { $count ->
        [0] لە ڕیزەکەدا هیچ کەسێک لە پێشتانەوە نییە.
        [one] لە ڕیزەکەدا یەک کەس لە پێشتانەوەیە.
       *[other] لە ڕیزەکەدا { $count } کەس لە پێشتانەوەن.
    }
estimated-wait = کاتی چاوەڕوانیی نزیکەیی: { $low }–{ $high } خولەک
wait-unknown = هێشتا کاتی چاوەڕوانی نازانین.
number-called-out = کاتێک نۆرەتان هات، ژمارەکەتان لەسەر شاشەکە دەردەکەوێت و بانگ دەکرێت.
checked-in-at = کاتی هاتن: { $time }
printer-out-of-paper = کاغەزی چاپکەرەکە نەماوە. تکایە ژمارەکەت لەبیر بێت.
printer-not-working = چاپکەرەکە ئێستا کار ناکات. تکایە ژمارەکەت لەبیر بێت.
scan-to-follow = کۆدەکە بە مۆبایلەکەتان سکان بکەن بۆ ئەوەی شوێنی خۆتان لە ڕیزەکەدا ببینن.
one-moment = تکایە کەمێک چاوەڕێ بکەن …
ask-staff = هەڵەیەک ڕوویدا. تکایە پرسیار لە کارمەندان بکەن، یارمەتیتان دەدەن.
done = تەواو
still-there = هێشتا لێرەن؟
need-more-time = کاتی زیاترم پێویستە
returning-in =
    { $seconds ->
        [one] شاشەکە دوای یەک چرکە لە سەرەتاوە دەست پێ دەکاتەوە.
       *[other] شاشەکە دوای { $seconds } چرکە لە سەرەتاوە دەست پێ دەکاتەوە.
    }
larger-text = نووسینی گەورەتر
high-contrast = کۆنتراستی بەرز
status-title = شوێنتان لە ڕیزەکەدا
your-turn = نۆرەتانە! تکایە بڕۆن بۆ { $desk }.
status-serving = ئێستا لە { $desk } یارمەتیتان دەدرێت.
status-done = سەردانەکەتان تەواو بوو. سوپاس بۆ هاتنتان!
status-no-show = ژمارەکەتانمان بانگ کرد، بەڵام نەهاتن. تکایە داوای یارمەتی لە کارمەندان بکەن.
status-unknown = ئەم پسوولەی نۆرەیە نادۆزینەوە. لەوانەیە زۆر کۆن بێت.
status-reconnecting = نوێ دەکرێتەوە …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = ژمارە { $number }، تکایە بڕۆن بۆ { $desk }.

# Asking for help at the kiosk: the staff are told at once.
help-button = داوای یارمەتی بکەن
help-sent = کارمەندان دەزانن کە پێویستتان بە یارمەتییە. کەسێک دێتە لاتان.
help-failed = نەمانتوانی کارمەندان ئاگادار بکەینەوە. تکایە لە پێشوازی بپرسن.
help-close = باشە

# The tools on every screen, named for screen readers and tests.
read-aloud = گوێ بگرن
change-language = گۆڕینی زمان
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = ژمارەی ئێوە: { $number }.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = کۆدەکەتان بنووسن
code-hint = کۆدەکە لە شەش ژمارە پێکدێت. کاتێک کاتەکەتان دیاری کرا، وەرتان گرت.
code-erase = سڕینەوە
code-done = تەواو
code-without = بەبێ کۆد بەردەوام بن
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = کاتی دیاریکراوم نییە
code-unknown = ئەم کۆدە نادۆزینەوە. تکایە ژمارەکان بپشکنن و دووبارە هەوڵ بدەنەوە، یان بەبێ کۆد بەردەوام بن.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = ئێستا ناتوانین کۆدەکەتان بپشکنین. هەر کە پەیوەندیی شاشەکە گەڕایەوە، دەپشکنرێت.
code-accepted = کاتە دیاریکراوەکەتانمان دۆزییەوە. کارمەندی بەرپرسی دۆسیەکەتان دەزانێت کە ئێوە لێرەن.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = کاتە دیاریکراوەکەتان
slip-when = ڕێکەوت و کات
slip-where = شوێن
slip-code = کۆدەکەتان
slip-howto = کاتێک گەیشتن: لەسەر شاشەکەی لای دەرگای چوونەژوورەوە بابەتی سەردانەکەتان هەڵبژێرن و کاتێک شاشەکە داوای کۆدەکەی کرد، بینووسن.
