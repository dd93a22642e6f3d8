"""Scoped settings: values for the run, a suite or a test, as Browser library's scopes."""

import pytest

from WsRouteLibrary.datatypes import SettingScope
from WsRouteLibrary.errors import InvalidInputError
from WsRouteLibrary.settings import ScopedSetting, fast_path_setting

GLOBAL, SUITE, TEST = SettingScope.Global, SettingScope.Suite, SettingScope.Test
TEST_ONLY = (
    "scope=Test can only be used inside a test. Use scope=Suite in a suite setup or teardown."
)


def started(*kinds, value=10):
    setting = ScopedSetting(value)
    for kind in kinds:
        setting.start(kind)
    return setting


class TestFrames:
    def test_initial_value(self):
        assert ScopedSetting(5).value == 5

    def test_children_start_with_the_parents_value(self):
        setting = started("suite", "suite", "test")
        assert setting.value == 10

    def test_end_outside_any_frame_keeps_the_value(self):
        setting = started()
        setting.end()
        setting.end()
        assert setting.value == 10
        setting.set(3)
        assert setting.value == 3


class TestSuiteScope:
    def test_is_the_default_and_lasts_until_the_suite_ends(self):
        setting = started("suite", "suite")
        setting.set(20)
        assert setting.value == 20
        setting.start("test")
        assert setting.value == 20
        setting.end()
        assert setting.value == 20
        setting.start("test")
        assert setting.value == 20
        setting.end()
        setting.end()  # the inner suite
        assert setting.value == 10

    def test_in_a_test_changes_the_suite_too(self):
        setting = started("suite", "test")
        setting.set(20, SUITE)
        setting.end()
        assert setting.value == 20
        setting.start("test")
        assert setting.value == 20
        setting.end()
        setting.end()
        assert setting.value == 10

    def test_nested_suites_restore_in_turn(self):
        setting = started("suite")
        setting.set(20)
        setting.start("suite")
        assert setting.value == 20
        setting.set(30)
        setting.start("suite")
        setting.set(40)
        setting.end()
        assert setting.value == 30
        setting.end()
        assert setting.value == 20
        setting.end()
        assert setting.value == 10

    def test_outside_any_suite_changes_the_run(self):
        setting = started()
        setting.set(20, SUITE)
        setting.start("suite")
        assert setting.value == 20
        setting.end()
        assert setting.value == 20


class TestTestScope:
    def test_only_lasts_for_the_test(self):
        setting = started("suite", "test")
        setting.set(20, TEST)
        assert setting.value == 20
        setting.end()
        assert setting.value == 10
        setting.start("test")
        assert setting.value == 10

    @pytest.mark.parametrize("kinds", [(), ("suite",), ("suite", "test", "suite")])
    def test_fails_outside_a_test(self, kinds):
        setting = started(*kinds)
        with pytest.raises(InvalidInputError) as error:
            setting.set(20, TEST)
        assert str(error.value) == TEST_ONLY
        assert setting.value == 10

    def test_fails_after_the_test_ended(self):
        setting = started("suite", "test")
        setting.end()
        with pytest.raises(InvalidInputError, match="^scope=Test can only be used"):
            setting.set(20, TEST)


class TestGlobalScope:
    def test_changes_every_frame(self):
        setting = started("suite", "suite", "test")
        setting.set(20, GLOBAL)
        for _ in range(3):
            setting.end()
            assert setting.value == 20
        setting.start("suite")
        assert setting.value == 20

    def test_overrides_narrower_values(self):
        setting = started("suite")
        setting.set(20, SUITE)
        setting.start("test")
        setting.set(30, TEST)
        setting.set(40, GLOBAL)
        setting.end()
        setting.end()
        assert setting.value == 40


class TestSetReturnsOldValue:
    @pytest.mark.parametrize("scope", [GLOBAL, SUITE, TEST])
    def test_returns_the_value_replaced(self, scope):
        setting = started("suite", "test")
        assert setting.set(20, scope) == 10
        assert setting.set(30, scope) == 20

    def test_old_value_is_the_current_one(self):
        setting = started("suite")
        setting.set(20)
        setting.start("test")
        setting.set(30, TEST)
        assert setting.set(40, GLOBAL) == 30

    def test_values_are_kept_as_given(self):
        value = object()
        setting = ScopedSetting(None)
        assert setting.set(value) is None
        assert setting.value is value


class TestFastPathSetting:
    """fast_path=: the import argument, else WSROUTE_FAST_PATH, else off."""

    def test_the_argument_wins(self):
        assert fast_path_setting(True, {"WSROUTE_FAST_PATH": "false"}) is True
        assert fast_path_setting(False, {"WSROUTE_FAST_PATH": "true"}) is False

    @pytest.mark.parametrize("text", ["true", "TRUE", " yes ", "on", "1"])
    def test_the_variable_turns_it_on(self, text):
        assert fast_path_setting(None, {"WSROUTE_FAST_PATH": text}) is True

    @pytest.mark.parametrize("text", ["false", "No", "off", "0", ""])
    def test_the_variable_turns_it_off(self, text):
        assert fast_path_setting(None, {"WSROUTE_FAST_PATH": text}) is False

    def test_off_by_default(self):
        assert fast_path_setting(None, {}) is False

    def test_a_bad_value_names_the_variable_and_the_fix(self):
        with pytest.raises(InvalidInputError) as error:
            fast_path_setting(None, {"WSROUTE_FAST_PATH": "maybe"})
        assert str(error.value) == (
            "The environment variable WSROUTE_FAST_PATH='maybe' is neither true nor false. "
            "Set it to 'true' or 'false', or unset it, or give the import argument fast_path.")
