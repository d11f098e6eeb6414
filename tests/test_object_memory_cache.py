"""The memory cache hands out the stored object itself, with LocMemCache's keys and expiry."""

import pytest

from gnu_plan.cache import ObjectMemoryCache


@pytest.fixture
def memory():
    cache = ObjectMemoryCache("test-object-memory", {"OPTIONS": {"MAX_ENTRIES": 3}})
    cache.clear()
    yield cache
    cache.clear()


class Unpicklable:
    """An object pickle refuses, as a lambda in a cached value would be."""

    def __reduce__(self):
        raise TypeError("not picklable")


def test_a_value_read_is_the_object_stored_not_a_copy(memory):
    value = {"figures": [1, 2, 3]}
    memory.set("key", value)
    assert memory.get("key") is value
    assert memory.get_many(["key", "missing"]) == {"key": value}


def test_nothing_is_pickled(memory):
    value = Unpicklable()
    memory.set("key", value)
    assert memory.get("key") is value


def test_add_keeps_an_entry_already_there(memory):
    assert memory.add("key", "first")
    assert not memory.add("key", "second")
    assert memory.get("key") == "first"


def test_an_expired_entry_is_gone(memory):
    memory.set("key", "value", timeout=-1)
    assert memory.get("key", "gone") == "gone"
    assert memory.add("key", "again")


def test_incr_adds_to_the_stored_number(memory):
    memory.set("count", 2)
    assert memory.incr("count", 3) == 5
    assert memory.get("count") == 5
    with pytest.raises(ValueError, match="not found"):
        memory.incr("missing")


def test_the_least_recently_read_entries_make_room(memory):
    for key in ("a", "b", "c"):
        memory.set(key, key)
    memory.get("a")
    memory.set("d", "d")
    assert memory.get("a") == "a"
    assert memory.get("b") is None
    assert memory.get("d") == "d"


def test_clear_empties_it(memory):
    memory.set("key", "value")
    memory.clear()
    assert memory.get("key") is None
