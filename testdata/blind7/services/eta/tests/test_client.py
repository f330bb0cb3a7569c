from eta.client import sign, connect_string


def test_sign_is_stable():
    assert sign(b"{}", key=b"test-key") == sign(b"{}", key=b"test-key")


def test_connect_string():
    assert "eta-db" in connect_string("eta", "hunter2")
