import QtQuick
import QtTest
import Tessera
import TesseraTest

// Today's attestation: the real attestation store (AttestFixture fills it as the server's form
// and last answer would) behind the Attest singleton and its page: the form drawn by CardView; a
// wrong answer refused beside its field with nothing queued; a valid one queued in the outbox
// with "waiting to send"; the day's answer shown once given; no form: the empty state.
Item {
    id: root

    width: 390
    height: 844

    function form() {
        return { version: 1,
                 card: { type: "AdaptiveCard", version: "1.5",
                         body: [ { type: "Input.ChoiceSet", id: "where", label: "Where I work today",
                                   isRequired: true,
                                   choices: [ { title: "Office", value: "office" },
                                              { title: "Home", value: "home" } ] } ],
                         actions: [ { type: "Action.Submit", id: "send", title: "Send" } ] } }
    }

    function today() {
        return new Date().toISOString().slice(0, 10)
    }

    Component {
        id: pageComponent

        AttestPage {
            anchors.fill: parent
        }
    }

    TestCase {
        name: "AttestPage"
        when: windowShown

        function cleanupTestCase() {
            verify(AttestFixture.seed({}, {}))
        }

        function test_noFormShowsTheEmptyState() {
            verify(AttestFixture.seed({}, {}))
            const page = createTemporaryObject(pageComponent, root)
            verify(findChild(page, "attestNone").visible)
            verify(!findChild(page, "attestFlick").visible)
        }

        function test_wrongAnswerIsRefusedHere() {
            verify(AttestFixture.seed(root.form(), {}))
            const page = createTemporaryObject(pageComponent, root)
            tryVerify(() => findChild(page, "attestCard").visible)
            const result = Attest.submit({ where: "moon" })
            verify(!result.queued)
            compare(result.errors.length, 1)
            compare(result.errors[0].input, "where")
            compare(Object.keys(AttestFixture.pending()).length, 0, "nothing queued")
            verify(findChild(page, "attestCard").visible)
        }

        function test_validAnswerWaitsToSend() {
            verify(AttestFixture.seed(root.form(), {}))
            const page = createTemporaryObject(pageComponent, root)
            tryVerify(() => findChild(page, "attestCard").visible)
            page.submit({ where: "home" })
            compare(AttestFixture.pending().where, "home")
            tryVerify(() => findChild(page, "attestDone").visible)
            verify(findChild(page, "attestDoneText").text.indexOf("waiting to send") >= 0)
            verify(!findChild(page, "attestCard").visible, "no second answer while one waits")
            // Another answer while one waits: the waiting one stays the day's.
            verify(Attest.submit({ where: "office" }).queued)
            compare(AttestFixture.pending().where, "home")
        }

        function test_todaysAnswerIsShown() {
            verify(AttestFixture.seed(root.form(), { id: "att_1", day: root.today(),
                                                     inputs: { where: "office" },
                                                     answeredAt: root.today() + "T08:00:00Z" }))
            const page = createTemporaryObject(pageComponent, root)
            tryVerify(() => findChild(page, "attestDone").visible)
            verify(findChild(page, "attestDoneText").text.indexOf(root.today()) >= 0)
            verify(!findChild(page, "attestCard").visible)
            verify(Attest.answeredToday)
        }

        function test_yesterdaysAnswerAsksAgain() {
            verify(AttestFixture.seed(root.form(), { id: "att_0", day: "2020-01-01",
                                                     inputs: { where: "office" },
                                                     answeredAt: "2020-01-01T08:00:00Z" }))
            const page = createTemporaryObject(pageComponent, root)
            tryVerify(() => findChild(page, "attestCard").visible)
            verify(!Attest.answeredToday)
            verify(!findChild(page, "attestDone").visible)
        }
    }
}
