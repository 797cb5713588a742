# Ukrainian (uk). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Polite "ви" (lower case, as usual in interfaces); "{ $desk }" is a Swedish label such as "Rum 3", so it stands after a colon instead of being declined; minutes are abbreviated "хв" so the range needs no agreement.

language-name = Українська
greeting = Вітаємо!
choose-language = Оберіть мову
choose-errand = З яким питанням ви прийшли?
errand-job = Робота, резюме та заяви на вакансії
errand-study = Навчання, SFI та освіта для дорослих
errand-benefit = Фінансова допомога та візити за записом
errand-af = Arbetsförmedlingen (шведська служба зайнятості)
errand-digital = BankID, електронні послуги та бланки
errand-other = Не знаю, або щось інше
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = Житло
question-appointment = Ви записані на прийом?
question-interpreter = Вам потрібен перекладач?
answer-yes = Так
answer-no = Ні
skip = Пропустити
back = Назад
your-number = Ваш номер
people-ahead =
    { $count ->
        [0] Перед вами в черзі нікого немає.
        [one] Перед вами в черзі { $count } особа.
        [few] Перед вами в черзі { $count } особи.
        [many] Перед вами в черзі { $count } осіб.
       *[other] Перед вами в черзі { $count } особи.
    }
estimated-wait = Орієнтовний час очікування: { $low }–{ $high } хв
wait-unknown = Ми ще не знаємо часу очікування.
number-called-out = Коли настане ваша черга, ваш номер з’явиться на екрані й буде оголошений.
checked-in-at = Час реєстрації: { $time }
printer-out-of-paper = У принтері закінчився папір. Будь ласка, запам’ятайте свій номер.
printer-not-working = Принтер зараз не працює. Будь ласка, запам’ятайте свій номер.
scan-to-follow = Відскануйте код телефоном, щоб бачити своє місце в черзі.
one-moment = Зачекайте хвилинку …
ask-staff = Щось пішло не так. Зверніться, будь ласка, до працівників — вони вам допоможуть.
done = Готово
still-there = Ви ще тут?
need-more-time = Мені потрібно більше часу
returning-in =
    { $seconds ->
        [one] Екран повернеться на початок через { $seconds } секунду.
        [few] Екран повернеться на початок через { $seconds } секунди.
        [many] Екран повернеться на початок через { $seconds } секунд.
       *[other] Екран повернеться на початок через { $seconds } секунди.
    }
larger-text = Більший текст
high-contrast = Висока контрастність
status-title = Ваше місце в черзі
your-turn = Ваша черга! Підійдіть до { $desk }.
status-serving = Зараз вам допомагають. Місце: { $desk }.
status-done = Ваш візит завершено. Дякуємо, що прийшли!
status-no-show = Ми викликали ваш номер, але ви не підійшли. Будь ласка, зверніться по допомогу до працівників.
status-unknown = Ми не можемо знайти цей талон. Можливо, він надто старий.
status-reconnecting = Оновлення …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = Номер { $number }, пройдіть, будь ласка, до: { $desk }.

# Asking for help at the kiosk: the staff are told at once.
help-button = Попросити допомоги
help-sent = Працівники знають, що вам потрібна допомога. Хтось підійде до вас.
help-failed = Не вдалося зв’язатися з працівниками. Будь ласка, зверніться на рецепцію.
help-close = Добре

# The tools on every screen, named for screen readers and tests.
read-aloud = Прочитати вголос
change-language = Змінити мову
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = Ваш номер { $number }.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = Введіть свій код
code-hint = Код складається з шести цифр. Ви отримали його, коли вас записали на прийом.
code-erase = Стерти
code-done = Готово
code-without = Продовжити без коду
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = У мене немає запису на прийом
code-unknown = Ми не можемо знайти цей код. Перевірте цифри й спробуйте ще раз або продовжте без коду.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = Зараз ми не можемо перевірити ваш код. Його перевірять, щойно екран знову матиме зв’язок.
code-accepted = Ми знайшли ваш запис. Працівник, який веде вашу справу, знає, що ви тут.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = Ваш запис на прийом
slip-when = Дата й час
slip-where = Місце
slip-code = Ваш код
slip-howto = Коли прийдете: на екрані біля входу оберіть своє питання і введіть код, коли екран попросить.
