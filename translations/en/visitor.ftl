# English (en). Written by the project team.
# Review: not yet reviewed by a native speaker.
#
# What visitors read: the kiosk and the status page their ticket's QR code
# opens. Keep sentences short and plain.

language-name = English
greeting = Welcome!
choose-language = Choose your language
choose-errand = What is your visit about?
errand-job = Jobs, CV and applications
errand-study = Studies, SFI and adult education
errand-benefit = Financial assistance and booked visits
errand-af = Arbetsförmedlingen (Public Employment Service)
errand-digital = BankID, e-services and forms
errand-other = I don't know, or something else
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = Housing
question-appointment = Do you have a booked appointment?
question-interpreter = Do you need an interpreter?
answer-yes = Yes
answer-no = No
skip = Skip
back = Back
your-number = Your number
people-ahead =
    { $count ->
        [0] Nobody is ahead of you in the queue.
        [one] One person is ahead of you in the queue.
       *[other] { $count } people are ahead of you in the queue.
    }
estimated-wait = Estimated wait: { $low }–{ $high } minutes
wait-unknown = We do not know the waiting time yet.
number-called-out = Your number will be shown on the screen and called out when it is your turn.
checked-in-at = Checked in at { $time }
printer-out-of-paper = The printer is out of paper. Please remember your number.
printer-not-working = The printer is not working right now. Please remember your number.
scan-to-follow = Scan the code with your phone to see your place in the queue.
one-moment = One moment …
ask-staff = Something went wrong. Please ask the staff and they will help you.
done = Done
still-there = Are you still there?
need-more-time = I need more time
returning-in =
    { $seconds ->
        [one] The screen starts over in one second.
       *[other] The screen starts over in { $seconds } seconds.
    }
larger-text = Larger text
high-contrast = High contrast
status-title = Your place in the queue
your-turn = It's your turn! Go to { $desk }.
status-serving = You are being helped now at { $desk }.
status-done = Your visit is finished. Thank you for coming!
status-no-show = We called your number but you did not come. Please ask the staff for help.
status-unknown = We cannot find this ticket. It may be too old.
status-reconnecting = Updating …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = Number { $number }, please go to { $desk }.

# Asking for help at the kiosk: the staff are told at once.
help-button = Ask for help
help-sent = The staff know you need help. Someone will come to you.
help-failed = We could not reach the staff. Please ask at the reception.
help-close = OK

# The tools on every screen, named for screen readers and tests.
read-aloud = Read aloud
change-language = Change language
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = Your number is { $number }.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = Enter your code
code-hint = The code has six digits. You got it when your time was booked.
code-erase = Delete
code-done = Done
code-without = Continue without a code
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = I do not have a booked time
code-unknown = We cannot find that code. Check the digits and try again, or continue without a code.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = We cannot check your code right now. It will be checked as soon as the screen is connected again.
code-accepted = We found your booked time. Your counsellor knows you are here.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = Your booked time
slip-when = Date and time
slip-where = Place
slip-code = Your code
slip-howto = When you arrive: choose your errand on the screen at the entrance, and enter the code when the screen asks for it.
