import QtQuick
import Tessera
import TesseraTest

// Hostile outside text on the Surveys pages (tst_qml_hostile_surveys): the surveys' titles,
// senders' names and a named answer given before, in the list, the open surveys' section and each
// survey's page, each with every hostile string (cut to what the client's checks let in: title
// 200 characters). Each test fails on a crash, a warning, a network request from QML, or a Text
// showing such a string other than as plain text (HostileProbe.textProblems).
HostileRoot {
    id: root

    function cut(value, limit) {
        const text = value.slice(0, limit)
        return text.length > 0 ? text : "x"
    }

    function survey(i) {
        const v = root.variant(i)
        // The card stays plain here (hostile cards are hostile_cards.qml's; the parser refuses
        // tag-like text in a card): the form shows the hostile answer a person gave instead.
        const label = "Pick one"
        return { id: "srv_" + i, title: cut(v, 200),
                 card: { type: "AdaptiveCard", version: "1.5",
                         body: [ { type: "Input.ChoiceSet", id: "pick", label: label,
                                   choices: [ { title: "A", value: "a" } ] },
                                 { type: "Input.Text", id: "free", label: label } ],
                         actions: [ { type: "Action.Submit", id: "send", title: "Send" } ] },
                 closesAt: i % 3 === 0 ? "2020-01-01T10:00:00Z" : "2099-01-01T10:00:00Z",
                 closed: false, anonymous: i % 2 === 0, editable: false, version: 1,
                 answered: i % 4 === 1, myAnswer: i % 4 === 1 && i % 2 === 1 ? { free: cut(v, 2000) } : null,
                 source: { name: cut(v, 200) } }
    }

    readonly property Component surveysPageComponent: Component { SurveysPage { anchors.fill: parent } }
    readonly property Component sectionComponent: Component { OpenSurveysSection { width: root.width } }

    HostileCase {
        name: "HostileSurveys"

        function cleanup() {
            settle()
            compare(HostileProbe.warnings(), [], "warnings")
            compare(HostileProbe.networkRequests - requestsBefore, 0, "network requests from QML")
            SurveysFixture.setOffline(false)
            verify(SurveysFixture.seed([]))
        }

        function seedAll() {
            const surveys = []
            for (let i = 0; i < root.variants.length; ++i)
                surveys.push(root.survey(i))
            verify(SurveysFixture.seed(surveys))
        }

        function test_surveysList() {
            seedAll()
            SurveysFixture.setOffline(true)
            const page = createTemporaryObject(root.surveysPageComponent, root)
            verify(page !== null)
            const list = findChild(page, "surveysList")
            tryVerify(() => list.count === root.variants.length)
            for (let i = 0; i < list.count; ++i) {
                list.positionViewAtIndex(i, ListView.Beginning)
                check("a survey with hostile string " + i)
            }
            const section = createTemporaryObject(root.sectionComponent, root)
            verify(section !== null)
            check("the open surveys' section")
            shoot("surveys")
        }

        function test_surveyPage() {
            seedAll()
            const page = createTemporaryObject(root.surveysPageComponent, root)
            verify(page !== null)
            for (let i = 0; i < root.variants.length; ++i) {
                verify(page.openSurvey("srv_" + i))
                const stack = findChild(page, "surveysStack")
                tryVerify(() => !stack.busy && stack.currentItem.objectName === "surveyPage")
                check("a survey's page with hostile string " + i)
            }
            shoot("survey")
        }
    }
}
