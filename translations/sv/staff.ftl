# Swedish (sv): what counsellors and staff read, and the display board.
# Review: not yet reviewed by the municipality's language service.

staff-title = Vägvisare – handläggare
login-title = Logga in
login-username = Användarnamn
login-password = Lösenord
login-submit = Logga in
login-failed = Fel användarnamn eller lösenord.
login-locked =
    { $seconds ->
        [one] För många försök. Vänta en sekund och försök igen.
       *[other] För många försök. Vänta { $seconds } sekunder och försök igen.
    }
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
queue-more =
    { $count ->
        [one] … och en besökare till, i samma ordning.
       *[other] … och { $count } besökare till, i samma ordning.
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
shortcuts = Kortkommandon: N kalla nästa, R ropa igen, S kommit, D klar
switch-language = In English
display-now-calling = Nu ropas
display-earlier = Tidigare
display-go-to = Gå till
display-stale = Ingen kontakt med servern. Visar senast kända läge.
display-sound = Slå på ljud
dashboard-title = Besöksstatistik
range-today = I dag
range-week = Denna vecka
range-30 = Senaste 30 dagarna
field-site = Mötesplats
all-sites = Alla mötesplatser
field-from = Från
field-to = Till
show = Visa
download-csv = Ladda ner som CSV
kpi-visits = Besök
kpi-daily-average = Besök per dag i snitt
kpi-no-shows = Kom inte
kpi-left-waiting = Fick aldrig hjälp
kpi-appointments = Bokad tid
kpi-interpreters = Tolk
kpi-median-wait = Typisk väntetid
kpi-median-service = Typisk tid hos handläggare
minutes = { $minutes } min
chart-by-hour = Besök per timme
chart-by-day = Besök per dag
chart-by-errand = Besök per ärende
chart-by-language = Besök per språk
chart-wait = Väntetid per dag (minuter)
legend-median = Median
legend-p90 = 9 av 10 väntade högst
no-data = Inga besök under perioden.
open-dashboard = Statistik

# A person's own account and passwords (OWASP ASVS V6.2).
account-title = Byt lösenord
account-current = Nuvarande lösenord
account-new = Nytt lösenord
account-repeat = Nytt lösenord en gång till
account-submit = Spara lösenordet
account-changed = Lösenordet är bytt. Du är utloggad på alla andra datorer.
account-wrong-current = Det nuvarande lösenordet stämmer inte.
account-locked = För många försök. Vänta en stund och försök igen.
account-failed = Det gick inte att spara. Försök igen om en stund.
password-too-short = Lösenordet måste ha minst { $count } tecken.
password-too-long = Lösenordet får ha högst { $count } tecken.
password-too-common = Det lösenordet är för vanligt och lätt att gissa. Välj ett annat, gärna flera ord.
password-is-username = Lösenordet får inte vara samma som ditt användarnamn.
password-has-context-word = Lösenordet får inte vara namnet på tjänsten, kommunen, en mötesplats eller ditt användarnamn med siffror eller tecken till. Välj hellre några ord.
password-mismatch = De två lösenorden är inte likadana.
setup-link-title = Ny inloggning för en kollega
setup-link-intro = Kollegans gamla lösenord slutar gälla direkt. Du får en länk som du ger kollegan. Med länken väljer kollegan själv ett nytt lösenord. Länken fungerar en gång och gäller i { $hours } timmar.
setup-link-user = Kollega
setup-link-submit = Skapa länk
setup-title = Välj ditt lösenord
setup-intro = Välj ett nytt lösenord för { $username }.
setup-invalid = Länken gäller inte längre. Be en administratör om en ny länk.
setup-done = Lösenordet är sparat. Nu kan du logga in.
account-back = Tillbaka

# Alerts: a visitor asks for help at the kiosk, a counsellor raises the alarm.
kpi-help-requests = Bad om hjälp vid kiosken
kpi-help-time = Tid tills någon kom
alert-help = Någon vid kiosk { $kiosk } behöver hjälp – { $language }
# The workstation's line about a kiosk staff should look at.
kiosk-paper-out = Kiosk { $kiosk }: skrivaren har slut på papper.
kiosk-paper-low = Kiosk { $kiosk }: pappersrullen tar snart slut.
kiosk-printer-down = Kiosk { $kiosk }: skrivaren fungerar inte.
kiosk-silent = Kiosk { $kiosk } har inte hört av sig på några minuter. Är den igång?
alert-help-go = Jag går dit
alert-alarm = LARM: { $name } i { $desk } behöver hjälp nu!
alert-alarm-go = Jag kommer
alert-own-sent = Ditt larm har gått ut till alla kollegor här.
alert-own-acknowledged = { $name } kommer.
alarm-button = Larm
alarm-hold = Håll in knappen i två sekunder för att larma kollegorna.

# Booked visits: the counsellor books a time and gives the resident a code.
appointments-title = Dina bokade besök i dag
appointments-none = Du har inga bokade besök i dag.
col-time = Tid
col-code = Kod
col-status = Läge
col-actions = Val
appointment-booked = Bokad
appointment-arrived = Har kommit: { $number }
appointment-cancelled = Avbokad
appointment-cancel = Avboka
appointment-confirm-cancel = Vill du avboka besöket klockan { $time }?
book-title = Boka ett besök
book-date = Datum
book-time = Tid
book-errand = Ärende
book-submit = Boka
booked-when = Bokat { $date } klockan { $time }.
booked-code = Ge besökaren den här koden. Den skrivs in på skärmen vid entrén.
slip-language = Språk på lappen
slip-open = Lapp att skriva ut
slip-print = Skriv ut
kpi-booked = Bokade besök med kod
kpi-booked-arrived = Kom med sin kod
kpi-booked-not-arrived = Kom inte
kpi-booked-wait = Väntan efter den bokade tiden

# Calling a particular visitor out of turn, with a reason the dashboard counts.
call-this = Kalla in
call-this-named = Kalla in { $number }
call-reason = Skäl att kalla in någon före sin tur
call-reason-booked = Bokad tid nu
call-reason-interpreter = Tolken är redo
call-reason-returning = Återkommande besökare
call-reason-other = Annat skäl
kpi-out-of-turn = Inkallade före sin tur

# What went wrong, as the workstation and the dashboard say it.
error-unknown = Det gick inte. Försök igen, eller be en kollega om hjälp.
error-not_your_ticket = En kollega har redan kallat in den här besökaren.
error-invalid_transition = Det går inte just nu, eftersom besökarens läge har ändrats. Sidan visar hur det är nu.
error-not_for_you = Den här besökaren väntar på ett annat ärende eller på en annan kollega.
error-unknown_errand = Det ärendet finns inte.
error-no_counsellor_for_errand = Ingen här tar emot det ärendet.
error-unknown_counsellor = Den kollegan tar inte emot besökare här.
error-invalid_transfer = Välj antingen ett ärende eller en kollega.
error-not_found = Det finns inte längre. Sidan visar hur det är nu.
error-csrf_failed = Sidan är för gammal. Ladda om den och försök igen.
error-unauthorized = Du är utloggad. Logga in igen.
error-too_many_attempts = För många försök. Vänta en stund och försök igen.
error-busy = Servern har mycket att göra just nu. Försök igen om en stund.
error-storage_unavailable = Servern kan inte spara något just nu. Försök igen om en stund, och säg till it-avdelningen om det fortsätter.
error-invalid_time = Välj en tid från i dag och högst ett år framåt.
error-not_your_appointment = Du kan bara boka och avboka dina egna besök.
error-appointment_arrived = Besökaren har redan kommit, så besöket kan inte avbokas.
error-other_site = Det hör till en annan mötesplats.
error-invalid_period = Datumet i Från får inte vara senare än datumet i Till.
error-period_too_long = Välj en kortare period, högst tre år.
error-invalid_date = Skriv datumet som år-månad-dag, till exempel 2026-11-26.
nav-account = Konto och språk
nav-ranges = Välj period

# The live overview: a site now.
open-overview = Läget nu
open-workstation = Min arbetsplats
overview-title = Läget nu på { $site }
overview-waiting = Väntar
overview-longest = Längsta väntan
overview-available = Tillgängliga handläggare
overview-with-visitor = Handläggare med besökare
overview-help = Besökare som bett om hjälp
overview-alarms = Larm som ingen har svarat på
overview-counsellors = Handläggare
overview-name = Namn
overview-desk = Plats
overview-serving = Med besökare { $numbers }
alerts-region = Larm och besökare som behöver hjälp
call-reason-choose = Välj skäl …
error-reason_needed = Välj först varför du kallar in någon före sin tur.
error-invalid_field = Något fält är tomt eller fel ifyllt. Kontrollera och försök igen.
error-no_codes_left = Det finns inga fria koder kvar den dagen. Välj en annan dag.
