# English (en): what counsellors and staff read, and the display board.
# Review: not yet reviewed by a native speaker.

staff-title = Vägvisare – counsellor
login-title = Log in
login-username = Username
login-password = Password
login-submit = Log in
login-failed = Wrong username or password.
login-locked =
    { $seconds ->
        [one] Too many attempts. Wait one second and try again.
       *[other] Too many attempts. Wait { $seconds } seconds and try again.
    }
logout = Log out
status-available = Available
status-paused = Paused
desk-label = Your desk: { $desk }
queue-title = Queue
queue-empty = Nobody is waiting right now.
queue-waiting =
    { $count ->
        [one] One visitor is waiting.
       *[other] { $count } visitors are waiting.
    }
queue-more =
    { $count ->
        [one] … and one more visitor, in the same order.
       *[other] … and { $count } more visitors, in the same order.
    }
queue-by-errand = By errand
queue-by-language = By language
col-number = Number
col-errand = Errand
col-language = Language
col-waited = Waited
col-marks = Notes
mark-appointment = Booked time
mark-interpreter = Interpreter
mark-transferred = For { $name }
waited-minutes = { $minutes } min
call-next = Call next
nobody-waiting = Nobody is waiting for you right now.
current-title = Your visitor
calls-count =
    { $count ->
        [one] Called once
       *[other] Called { $count } times
    }
action-recall = Call again
action-start = Visitor has arrived
action-done = Done
action-no-show = Did not come
action-undo-no-show = Undo "did not come"
action-return = Back to the queue
action-transfer = Transfer
transfer-to-errand = To another errand
transfer-to-colleague = To a colleague
transfer-submit = Transfer
confirm-call-next = You already have a visitor. Call the next one anyway?
shortcuts = Shortcuts: N call next, R call again, S arrived, D done
switch-language = På svenska
display-now-calling = Now calling
display-earlier = Earlier
display-go-to = Go to
display-stale = No connection to the server. Showing the last known state.
display-sound = Turn on sound
dashboard-title = Visitor statistics
range-today = Today
range-week = This week
range-30 = Last 30 days
field-site = Meeting point
all-sites = All meeting points
field-from = From
field-to = To
show = Show
download-csv = Download as CSV
kpi-visits = Visits
kpi-daily-average = Visits per day on average
kpi-no-shows = Did not come
kpi-left-waiting = Left without help
kpi-appointments = Booked time
kpi-interpreters = Interpreter
kpi-median-wait = Typical wait
kpi-median-service = Typical time with a counsellor
minutes = { $minutes } min
chart-by-hour = Visits per hour
chart-by-day = Visits per day
chart-by-errand = Visits per errand
chart-by-language = Visits per language
chart-wait = Wait per day (minutes)
legend-median = Median
legend-p90 = 9 in 10 waited at most
no-data = No visits in this period.
open-dashboard = Statistics

# A person's own account and passwords (OWASP ASVS V6.2).
account-title = Change password
account-current = Current password
account-new = New password
account-repeat = New password again
account-submit = Save the password
account-changed = Your password has been changed. You are logged out on every other computer.
account-wrong-current = The current password is not right.
account-locked = Too many attempts. Wait a while and try again.
account-failed = It could not be saved. Try again in a moment.
password-too-short = The password must have at least { $count } characters.
password-too-long = The password may have at most { $count } characters.
password-too-common = That password is too common and easy to guess. Choose another one, several words are good.
password-is-username = The password must not be the same as your username.
password-has-context-word = The password must not be the name of the service, the municipality, a meeting point or your username with digits or signs added. Choose a few words instead.
password-mismatch = The two passwords are not the same.
setup-link-title = A new login for a colleague
setup-link-intro = Your colleague's old password stops working at once. You get a link to give to your colleague, who then chooses a new password. The link works once and for { $hours } hours.
setup-link-user = Colleague
setup-link-submit = Create link
setup-title = Choose your password
setup-intro = Choose a new password for { $username }.
setup-invalid = This link is no longer valid. Ask an administrator for a new one.
setup-done = Your password has been saved. You can log in now.
account-back = Back

# Alerts: a visitor asks for help at the kiosk, a counsellor raises the alarm.
kpi-help-requests = Asked for help at the kiosk
kpi-help-time = Time until someone came
alert-help = Someone at kiosk { $kiosk } needs help – { $language }
kiosk-paper-out = Kiosk { $kiosk }: the printer is out of paper.
kiosk-paper-low = Kiosk { $kiosk }: the paper roll is nearly empty.
kiosk-printer-down = Kiosk { $kiosk }: the printer is not working.
kiosk-silent = Kiosk { $kiosk } has not been heard from for a few minutes. Is it running?
alert-help-go = I'll go
alert-alarm = ALARM: { $name } in { $desk } needs help now!
alert-alarm-go = I'm coming
alert-own-sent = Your alarm has gone out to every colleague here.
alert-own-acknowledged = { $name } is coming.
alarm-button = Alarm
alarm-hold = Press and hold for two seconds to alert your colleagues.

# Booked visits: the counsellor books a time and gives the resident a code.
appointments-title = Your booked visits today
appointments-none = You have no booked visits today.
col-time = Time
col-code = Code
col-status = Status
col-actions = Actions
appointment-booked = Booked
appointment-arrived = Has arrived: { $number }
appointment-cancelled = Cancelled
appointment-cancel = Cancel
appointment-confirm-cancel = Do you want to cancel the visit at { $time }?
book-title = Book a visit
book-date = Date
book-time = Time
book-errand = Errand
book-submit = Book
booked-when = Booked for { $date } at { $time }.
booked-code = Give the visitor this code. They enter it on the screen at the entrance.
slip-language = Language of the slip
slip-open = Slip to print
slip-print = Print
kpi-booked = Booked visits with a code
kpi-booked-arrived = Came with their code
kpi-booked-not-arrived = Did not come
kpi-booked-wait = Wait after the booked time

# Calling a particular visitor out of turn, with a reason the dashboard counts.
call-this = Call in
call-this-named = Call in { $number }
call-reason = Reason to call someone out of turn
call-reason-booked = Booked time now
call-reason-interpreter = The interpreter is ready
call-reason-returning = Returning visitor
call-reason-other = Another reason
kpi-out-of-turn = Called out of turn

# What went wrong, as the workstation and the dashboard say it.
error-unknown = That did not work. Please try again, or ask a colleague for help.
error-not_your_ticket = A colleague has already called this visitor.
error-invalid_transition = That is not possible now, because the visitor's status has changed. The page shows how it is now.
error-not_for_you = This visitor is waiting for another errand or for another colleague.
error-unknown_errand = That errand does not exist.
error-no_counsellor_for_errand = Nobody here handles that errand.
error-unknown_counsellor = That colleague does not receive visitors here.
error-invalid_transfer = Choose either an errand or a colleague.
error-not_found = It no longer exists. The page shows how it is now.
error-csrf_failed = This page is too old. Reload it and try again.
error-unauthorized = You are logged out. Please log in again.
error-too_many_attempts = Too many attempts. Please wait a moment and try again.
error-busy = The server is very busy right now. Please try again in a moment.
error-storage_unavailable = The server cannot save anything right now. Please try again in a moment, and tell IT if it goes on.
error-invalid_time = Choose a time from today up to one year ahead.
error-not_your_appointment = You can only book and cancel your own visits.
error-appointment_arrived = The visitor has already arrived, so the visit cannot be cancelled.
error-other_site = That belongs to another meeting point.
error-invalid_period = The From date must not be later than the To date.
error-period_too_long = Choose a shorter period, at most three years.
error-invalid_date = Write the date as year-month-day, for example 2026-11-26.
nav-account = Account and language
nav-ranges = Choose a period

# The live overview: a site now.
open-overview = Right now
open-workstation = My workstation
overview-title = Right now at { $site }
overview-waiting = Waiting
overview-longest = Longest wait
overview-available = Counsellors available
overview-with-visitor = Counsellors with a visitor
overview-help = Visitors who asked for help
overview-alarms = Alarms nobody has answered
overview-counsellors = Counsellors
overview-name = Name
overview-desk = Desk
overview-serving = With visitor { $numbers }
alerts-region = Alarms and visitors who need help
call-reason-choose = Choose a reason …
error-reason_needed = First choose why you are calling someone out of turn.
error-invalid_field = A field is empty or filled in wrongly. Please check and try again.
error-no_codes_left = There are no free codes left for that day. Choose another day.
