import QtQuick
import Tessera
import TesseraTest

// Hostile outside text on the attestation page (tst_qml_hostile_attest): the day's answer's
// values (what a person typed, echoed by the server) and the error words, with every hostile
// string; the form's card stays plain (hostile cards are hostile_cards.qml's). Each test fails on
// a crash, a warning, a network request from QML, or a Text showing such a string other than as
// plain text (HostileProbe.textProblems).
HostileRoot {
    id: root

    function cut(value, limit) {
        const text = value.slice(0, limit)
        return text.length > 0 ? text : "x"
    }

    readonly property Component pageComponent: Component { AttestPage { anchors.fill: parent } }

    HostileCase {
        name: "HostileAttest"

        function cleanup() {
            settle()
            compare(HostileProbe.warnings(), [], "warnings")
            compare(HostileProbe.networkRequests - requestsBefore, 0, "network requests from QML")
            verify(AttestFixture.seed({}, {}))
        }

        function test_attestPage() {
            const today = new Date().toISOString().slice(0, 10)
            const form = { version: 1,
                           card: { type: "AdaptiveCard", version: "1.5",
                                   body: [ { type: "Input.Text", id: "note", label: "Note" } ],
                                   actions: [ { type: "Action.Submit", id: "send", title: "Send" } ] } }
            for (let i = 0; i < root.variants.length; ++i) {
                const v = root.variant(i)
                verify(AttestFixture.seed(form, { id: "att_" + i, day: today,
                                                  inputs: { note: cut(v, 2000) },
                                                  answeredAt: today + "T08:00:00Z" }))
                const page = createTemporaryObject(root.pageComponent, root)
                verify(page !== null)
                page.refusal = cut(v, 2000)
                check("the attestation page with hostile string " + i)
            }
            shoot("attest")
        }
    }
}
