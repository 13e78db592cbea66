import threading

from pos.services.numbering import REFUND, next_number


def test_receipt_numbers_carry_the_till_and_count_per_till(database):
    assert [next_number("K1") for _ in range(3)] == ["K1-000001", "K1-000002", "K1-000003"]
    assert next_number("K2") == "K2-000001"
    assert next_number("K1", REFUND) == "R-K1-000001"


def test_concurrent_tills_get_no_duplicate_and_no_gap(database):
    got: list[str] = []
    lock = threading.Lock()

    def till() -> None:
        for _ in range(20):
            number = next_number("K1")
            with lock:
                got.append(number)

    threads = [threading.Thread(target=till) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == [f"K1-{n:06d}" for n in range(1, 61)]
