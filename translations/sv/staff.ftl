# Swedish (sv): what counsellors and staff read, and the display board.
# Review: not yet reviewed by the municipality's language service.

staff-title = Vägvisare – handläggare
login-title = Logga in
login-username = Användarnamn
login-password = Lösenord
login-submit = Logga in
login-failed = Fel användarnamn eller lösenord.
login-locked = För många försök. Vänta { $seconds } sekunder och försök igen.
logout = Logga ut
status-available = Tillgänglig
status-paused = Paus
desk-label = Din plats: { $desk }
queue-title = Kön
queue-empty = Ingen väntar just nu.
queue-waiting =
    { $count ->
        [one] En besökare väntar.
       *[other] { $count } besökare väntar.
    }
queue-by-errand = Per ärende
queue-by-language = Per språk
col-number = Nummer
col-errand = Ärende
col-language = Språk
col-waited = Väntat
col-marks = Övrigt
mark-appointment = Bokad tid
mark-interpreter = Tolk
mark-transferred = Till { $name }
waited-minutes = { $minutes } min
call-next = Kalla nästa
nobody-waiting = Ingen väntar på dig just nu.
current-title = Din besökare
calls-count =
    { $count ->
        [one] Ropad en gång
       *[other] Ropad { $count } gånger
    }
action-recall = Ropa igen
action-start = Besökaren har kommit
action-done = Klar
action-no-show = Kom inte
action-undo-no-show = Ångra "kom inte"
action-return = Tillbaka till kön
action-transfer = Skicka vidare
transfer-to-errand = Till ett annat ärende
transfer-to-colleague = Till en kollega
transfer-submit = Skicka vidare
confirm-call-next = Du har redan en besökare. Vill du kalla nästa ändå?
error-code = Det gick inte: { $code }
shortcuts = Kortkommandon: N kalla nästa, R ropa igen, S kommit, D klar
switch-language = In English
display-now-calling = Nu ropas
display-earlier = Tidigare
display-go-to = Gå till
display-stale = Ingen kontakt med servern. Visar senast kända läge.
display-sound = Slå på ljud
