"""A pre-run modifier for the nested runs of har2robot.robot: one last step in each test.

The generated test ends when the page has sent its last message; the replies
to it may still be on their way when the browser quits. This step waits (up
to 5 seconds) until the page that talks as recorded has received every
recorded message, and fails with the page's first problem otherwise.
"""

from robot.api import SuiteVisitor

WAIT = """async () => {
  for (let i = 0; i < 100 && !window.problem && window.done < conversations.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (window.problem) return window.problem;
  return window.done === conversations.length ? 'talked as recorded'
    : 'talked ' + window.done + ' of ' + conversations.length + ' recorded conversations';
}"""


class TalkedAsRecorded(SuiteVisitor):
    """Appends the check to every test of the suite."""

    def start_test(self, test):
        test.body.create_keyword("Run JavaScript", args=[WAIT], assign=["${talked}"])
        test.body.create_keyword("Should Be Equal", args=["${talked}", "talked as recorded"])
