"""A big import on SQLite says first that the tills will wait while it writes (issue #18): the window too."""

from __future__ import annotations

from pos.services import db
from tests.db_templates import open_demo
from pos.services.import_files import BIG_FILE_ROWS, tills_wait_notice


def products_file(path, rows: int):
    lines = ["kode;nama;kategori;satuan;harga_ecer"] + [f"BIG-{i:06d};Barang {i};Gudang;pcs;{1000 + i}"
                                                        for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_the_product_import_window_says_the_tills_will_wait_before_a_big_file(qtbot, tmp_path):
    from pos.ui.product_import import ProductImportDialog

    open_demo("sqlite://" + (tmp_path / "shop.db").as_posix())
    assert tills_wait_notice(BIG_FILE_ROWS - 1) == "" and tills_wait_notice(BIG_FILE_ROWS)
    big = ProductImportDialog(products_file(tmp_path / "big.csv", BIG_FILE_ROWS), None, owner_pin="1234")
    qtbot.addWidget(big)
    assert "20000 products ready to import" in big.summary.text()
    assert "the tills of this shop wait" in big.summary.text() and big.import_button.isEnabled()
    small = ProductImportDialog(products_file(tmp_path / "small.csv", 50), None, owner_pin="1234")
    qtbot.addWidget(small)
    assert "50 products ready" in small.summary.text() and "tills" not in small.summary.text()
    db.close_database()
