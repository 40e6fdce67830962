import QtQuick
import QtTest
import Tessera
import TesseraTest

// Surveys: the real surveys store (SurveysFixture fills it as GET /v1/surveys would) behind the
// Surveys list and a survey's page: the anonymity said in words before answering; a wrong answer
// refused beside its field with nothing queued; a valid one queued in the outbox (named with an
// Idempotency-Key, anonymous without) with "waiting to send", then "Thank you — your answer was
// sent" once the server has it; an editable survey's "Change your answer"; a closed survey
// read-only with the person's own answer; the open surveys' section for the inbox and Home.
Item {
    id: root

    width: 390
    height: 844

    function card() {
        return { type: "AdaptiveCard", version: "1.5",
                 body: [ { type: "Input.ChoiceSet", id: "mood", label: "How was the week?", isRequired: true,
                           choices: [ { title: "Good", value: "good" }, { title: "Bad", value: "bad" } ] },
                         { type: "Input.Number", id: "score", label: "Score", min: 1, max: 10 } ],
                 actions: [ { type: "Action.Submit", id: "send", title: "Send" } ] }
    }

    function survey(id, closesAt, extra) {
        const wire = { id: id, title: "Title " + id, card: card(), closesAt: closesAt, closed: false,
                       anonymous: false, editable: false, version: 1, answered: false, myAnswer: null,
                       source: { name: "People team" } }
        return Object.assign(wire, extra || {})
    }

    Component {
        id: pageComponent

        SurveysPage {
            anchors.fill: parent
        }
    }

    Component {
        id: sectionComponent

        OpenSurveysSection {
            width: root.width
        }
    }

    TestCase {
        name: "SurveyPage"
        when: windowShown

        function init() {
            SurveysFixture.setOffline(false)
        }

        function cleanupTestCase() {
            verify(SurveysFixture.seed([]))
        }

        function child(item, name) {
            const found = findChild(item, name)
            verify(found !== null, "no child named " + name)
            return found
        }

        function open(id) {
            const page = createTemporaryObject(pageComponent, root)
            verify(page !== null)
            verify(page.openSurvey(id))
            const stack = child(page, "surveysStack")
            tryVerify(() => !stack.busy && stack.currentItem.objectName === "surveyPage", 5000,
                      "the survey's page")
            return stack.currentItem
        }

        function test_listOrder() {
            verify(SurveysFixture.seed([
                survey("srv_late", "2099-06-01T10:00:00Z"),
                survey("srv_soon", "2099-01-01T10:00:00Z"),
                survey("srv_done", "2099-01-01T10:00:00Z", { answered: true }),
                survey("srv_shut", "2020-01-01T10:00:00Z")
            ]))
            const page = createTemporaryObject(pageComponent, root)
            const list = child(page, "surveysList")
            tryCompare(list, "count", 4)
            compare(Surveys.surveyIdAt(0), "srv_soon")
            compare(Surveys.surveyIdAt(1), "srv_late")
            compare(Surveys.surveyIdAt(2), "srv_done")
            compare(Surveys.surveyIdAt(3), "srv_shut")
            compare(Surveys.openCount, 2)
            const first = child(page, "survey_srv_soon")
            verify(first.Accessible.name.indexOf("Title srv_soon") === 0)
            verify(first.Accessible.name.indexOf("Open") > 0)
        }

        function test_anonymousAnswerWaitsThenThanks() {
            verify(SurveysFixture.seed([survey("srv_anon", "2099-01-01T10:00:00Z", { anonymous: true })]))
            const page = open("srv_anon")
            compare(child(page, "surveyAnonymity").text,
                    "Your answer is anonymous: it is stored without your name")
            const cardView = child(page, "surveyCard")
            verify(cardView.visible)
            tryVerify(() => findChild(cardView, "cardAction-send") !== null, 5000, "the submit")
            // Nothing chosen: refused beside the field, nothing queued.
            mouseClick(child(cardView, "cardAction-send"))
            compare(SurveysFixture.pendingCount(), 0)
            verify(cardView.form.errors["mood"] !== undefined, "mood's error")

            cardView.form.setValue("mood", "good")
            cardView.form.setValue("score", "7")
            mouseClick(child(cardView, "cardAction-send"))
            tryVerify(() => SurveysFixture.pendingCount() === 1, 5000, "queued")
            verify(!SurveysFixture.answer("srv_anon").hasKey, "an anonymous answer has no key")
            tryVerify(() => child(page, "surveyDone").visible)
            verify(child(page, "surveyDoneText").text.indexOf("waiting to send") >= 0)
            verify(SurveysFixture.reply("srv_anon", 409, "already_answered"))
            tryCompare(child(page, "surveyDoneText"), "text", "Thank you — your answer was sent")
            verify(!child(page, "surveyChange").visible, "an anonymous answer cannot change")
        }

        function test_namedAnswerDoneAndChange() {
            verify(SurveysFixture.seed([survey("srv_named", "2099-01-01T10:00:00Z", { editable: true })]))
            const page = open("srv_named")
            compare(child(page, "surveyAnonymity").text,
                    "Your answer is stored with your name; you can change it until the survey closes")
            const cardView = child(page, "surveyCard")
            tryVerify(() => findChild(cardView, "cardAction-send") !== null, 5000, "the submit")
            cardView.form.setValue("mood", "bad")
            mouseClick(child(cardView, "cardAction-send"))
            tryVerify(() => SurveysFixture.pendingCount() === 1, 5000, "queued")
            const answer = SurveysFixture.answer("srv_named")
            compare(answer.state, "pending")
            verify(answer.hasKey, "a named answer has an Idempotency-Key")
            compare(answer.inputs.mood, "bad")
            const done = child(page, "surveyDone")
            tryVerify(() => done.visible)
            verify(child(page, "surveyDoneText").text.indexOf("waiting to send") >= 0)
            verify(!cardView.visible)

            verify(SurveysFixture.reply("srv_named", 200))
            tryCompare(child(page, "surveyDoneText"), "text", "Thank you — your answer was sent")
            const change = child(page, "surveyChange")
            verify(change.visible)
            mouseClick(change)
            tryVerify(() => cardView.visible)
            tryVerify(() => cardView.form.value("mood") === "bad", 5000, "the answer filled in")
        }

        function test_closedIsReadOnly() {
            verify(SurveysFixture.seed([survey("srv_shut", "2020-01-01T10:00:00Z",
                                               { answered: true, myAnswer: { mood: "good", score: 4 } })]))
            const page = open("srv_shut")
            const note = child(page, "surveyClosedNote")
            verify(note.visible)
            compare(note.text, "This survey is closed. Your answer:")
            const cardView = child(page, "surveyCard")
            verify(cardView.visible)
            verify(!cardView.enabled, "read-only")
            tryVerify(() => cardView.form.value("mood") === "good", 5000, "the person's answer")
            verify(!child(page, "surveyDone").visible)
        }

        function test_refusedAnswerKeepsItsReason() {
            verify(SurveysFixture.seed([survey("srv_x", "2099-01-01T10:00:00Z", { anonymous: true })]))
            const page = open("srv_x")
            const cardView = child(page, "surveyCard")
            tryVerify(() => findChild(cardView, "cardAction-send") !== null, 5000, "the submit")
            cardView.form.setValue("mood", "good")
            mouseClick(child(cardView, "cardAction-send"))
            tryVerify(() => SurveysFixture.pendingCount() === 1, 5000, "queued")
            verify(!SurveysFixture.answer("srv_x").hasKey, "an anonymous answer has no key")
            verify(SurveysFixture.reply("srv_x", 409, "survey_closed"))
            const failure = child(page, "surveyFailure")
            tryVerify(() => failure.visible)
            verify(failure.text.indexOf("closed") >= 0)
            verify(cardView.visible, "the form again: the answer did not count")
        }

        function test_openSurveysSection() {
            verify(SurveysFixture.seed([
                survey("srv_a", "2099-01-01T10:00:00Z"),
                survey("srv_b", "2099-02-01T10:00:00Z", { answered: true }),
                survey("srv_c", "2020-01-01T10:00:00Z")
            ]))
            const section = createTemporaryObject(sectionComponent, root)
            verify(section.visible)
            compare(child(section, "openSurveysHeading").text, "Open surveys (1)")
            verify(child(section, "openSurvey_srv_a").visible)
            verify(!child(section, "openSurvey_srv_b").visible)
            verify(!child(section, "openSurvey_srv_c").visible)
            const spy = createTemporaryQmlObject("import QtTest; SignalSpy { signalName: 'openRequested' }", root)
            spy.target = section
            mouseClick(child(section, "openSurvey_srv_a"))
            compare(spy.count, 1)
            compare(spy.signalArguments[0][0], "srv_a")
            verify(SurveysFixture.seed([survey("srv_b", "2099-02-01T10:00:00Z", { answered: true })]))
            tryVerify(() => !section.visible, 5000, "hidden without an open survey")
        }
    }
}
