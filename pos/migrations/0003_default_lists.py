"""The lists every shop starts with: the three price tiers, segments and acquisition sources.

The owner can rename, reorder and extend them later; codes stay fixed.
"""

TIERS = (("retail", "Eceran", 0), ("regular", "Langganan", 1), ("reseller", "Reseller", 2))
SEGMENTS = (
    ("student", "Pelajar/Mahasiswa"), ("young_mother", "Ibu Muda"), ("office", "Karyawan Kantor"),
    ("reseller", "Warung/Reseller"), ("community", "Komunitas/Arisan"),
)
SOURCES = (
    ("walk_in", "Datang langsung"), ("whatsapp", "WhatsApp"), ("facebook", "Facebook"),
    ("tiktok", "TikTok"), ("instagram", "Instagram"), ("referral", "Rekomendasi teman"),
)


def up(migrator, db):
    for code, name, position in TIERS:
        db.execute_sql("INSERT INTO price_tier (code, name, position) VALUES (%s, %s, %s)"
                       .replace("%s", db.param), (code, name, position))
    for table, rows in (("segment", SEGMENTS), ("acquisition_source", SOURCES)):
        for position, (code, name) in enumerate(rows):
            db.execute_sql(f"INSERT INTO {table} (code, name, position) VALUES (%s, %s, %s)"
                           .replace("%s", db.param), (code, name, position))


def down(migrator, db):
    for table in ("acquisition_source", "segment", "price_tier"):
        db.execute_sql(f"DELETE FROM {table}")
