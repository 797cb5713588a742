# Turkish (tr). Machine-assisted translation by the project team.
# Review: NOT YET REVIEWED by a native speaker. Send to the municipality's translators before go-live.
# Polite "siz"; "{ $desk }" is a Swedish label such as "Rum 3" and cannot take Turkish case suffixes, so it stands after a colon.

language-name = Türkçe
greeting = Hoş geldiniz!
choose-language = Dil seçin
choose-errand = Ziyaretinizin konusu nedir?
errand-job = İş, CV (özgeçmiş) ve başvurular
errand-study = Öğrenim, SFI ve yetişkin eğitimi
errand-benefit = Maddi yardım ve randevulu ziyaretler
errand-af = Arbetsförmedlingen (İsveç İş Kurumu) işlemleri
errand-digital = BankID, e-hizmetler ve formlar
errand-other = Bilmiyorum veya başka bir konu
# Not in the demo config: a site adds it with one [[errands]] entry.
errand-housing = Konut ve barınma
question-appointment = Randevunuz var mı?
question-interpreter = Tercümana ihtiyacınız var mı?
answer-yes = Evet
answer-no = Hayır
skip = Atla
back = Geri
your-number = Numaranız
people-ahead =
    { $count ->
        [0] Sırada önünüzde kimse yok.
        [one] Sırada önünüzde bir kişi var.
       *[other] Sırada önünüzde { $count } kişi var.
    }
estimated-wait = Tahmini bekleme süresi: { $low }–{ $high } dakika
wait-unknown = Bekleme süresini henüz bilmiyoruz.
number-called-out = Sıranız geldiğinde numaranız ekranda gösterilecek ve anons edilecek.
checked-in-at = Giriş saati: { $time }
printer-out-of-paper = Yazıcının kâğıdı bitti. Lütfen numaranızı unutmayın.
printer-not-working = Yazıcı şu anda çalışmıyor. Lütfen numaranızı unutmayın.
scan-to-follow = Sıradaki yerinizi görmek için kodu telefonunuzla okutun.
one-moment = Lütfen biraz bekleyin …
ask-staff = Bir sorun oluştu. Lütfen personele sorun, size yardımcı olacaklar.
done = Tamam
still-there = Hâlâ burada mısınız?
need-more-time = Biraz daha zamana ihtiyacım var
returning-in =
    { $seconds ->
        [one] Ekran bir saniye içinde baştan başlayacak.
       *[other] Ekran { $seconds } saniye içinde baştan başlayacak.
    }
larger-text = Daha büyük yazı
high-contrast = Yüksek karşıtlık
status-title = Sıradaki yeriniz
your-turn = Sıra sizde! Lütfen şuraya gidin: { $desk }.
status-serving = Şu anda size yardım ediliyor: { $desk }.
status-done = Ziyaretiniz tamamlandı. Geldiğiniz için teşekkür ederiz!
status-no-show = Numaranızı çağırdık ama gelmediniz. Lütfen personelden yardım isteyin.
status-unknown = Bu sıra fişini bulamıyoruz. Çok eski olabilir.
status-reconnecting = Güncelleniyor …
# Spoken by the display board after the Swedish call, in the visitor's language.
call-announcement = Numara { $number }, lütfen şuraya gidin: { $desk }.

# Asking for help at the kiosk: the staff are told at once.
help-button = Yardım iste
help-sent = Personel yardıma ihtiyacınız olduğunu biliyor. Birisi yanınıza gelecek.
help-failed = Personele ulaşamadık. Lütfen danışmaya sorun.
help-close = Tamam

# The tools on every screen, named for screen readers and tests.
read-aloud = Sesli oku
change-language = Dili değiştir
# Read aloud on the ticket screen; the number comes as a letter and a number ("J 12").
ticket-spoken = Numaranız { $number }.

# Booked visits: the kiosk's keypad for the six-digit code a counsellor gave.
code-title = Kodunuzu girin
code-hint = Kod altı rakamlıdır. Randevunuz alındığında size verildi.
code-erase = Sil
code-done = Tamam
code-without = Kodsuz devam et
# Where a code is required: instead of answering No to "Do you have a booked time?".
code-no-booking = Randevum yok
code-unknown = Bu kodu bulamıyoruz. Rakamları kontrol edip tekrar deneyin veya kodsuz devam edin.
# On the ticket, when the kiosk could not reach the server to check the code.
code-unchecked = Kodunuzu şu anda kontrol edemiyoruz. Ekranın bağlantısı geri gelir gelmez kontrol edilecek.
code-accepted = Randevunuzu bulduk. Dosyanızla ilgilenen görevli burada olduğunuzu biliyor.

# The slip a counsellor prints for the resident when booking a visit.
slip-title = Randevunuz
slip-when = Tarih ve saat
slip-where = Yer
slip-code = Kodunuz
slip-howto = Geldiğinizde: girişteki ekranda ziyaretinizin konusunu seçin ve ekran kodu istediğinde kodu girin.
