"""WhatsApp message templates, with the shop's first ones in Indonesian (the owner edits them)."""

from peewee import CharField, IntegerField, Model, TextField

# Messages go to the shop's customers, who read Indonesian whatever language the till speaks. Only the promo
# message names a promotion ({promo}): a message with it needs one chosen.
DEFAULTS = (
    ("lapsed", "Kangen (lama tidak datang)",
     "Halo {nama}, sudah lama tidak mampir ke {toko}. {produk_favorit} kesukaan Kakak masih ada lho. "
     "Kami tunggu kedatangannya ya!"),
    ("birthday", "Ulang tahun",
     "Selamat ulang tahun, {nama}! Semoga sehat dan bahagia selalu. Ada hadiah kecil dari {toko} "
     "kalau mampir minggu ini."),
    ("new", "Terima kasih pelanggan baru",
     "Halo {nama}, terima kasih sudah belanja di {toko}. Bagaimana {produk_favorit}-nya, cocok? "
     "Kami tunggu pesanan berikutnya ya."),
    ("referral", "Terima kasih sudah mengajak teman",
     "Halo {nama}, terima kasih sudah mengajak teman-teman belanja di {toko}. Kami senang sekali!"),
    ("promo", "Promo",
     "Halo {nama}, ada promo di {toko}: {promo}. Stempel Kakak sekarang {stempel}. Pesan lewat WhatsApp ini ya!"),
)


def up(migrator, db):
    class MessageTemplate(Model):
        code = CharField(unique=True)
        name = CharField()
        text = TextField()
        position = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "message_template"

    db.create_tables([MessageTemplate])
    MessageTemplate.insert_many([{"code": code, "name": name, "text": text, "position": i}
                                 for i, (code, name, text) in enumerate(DEFAULTS)]).execute()


def down(migrator, db):
    migrator.migrate(migrator.drop_table("message_template"))
