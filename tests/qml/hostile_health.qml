import QtQuick
import Tessera
import TesseraTest

// Hostile outside text on Health records (tst_qml_hostile_health): every hostile string as a
// record's vaccine name, a rejection's reason and an HC1 certificate's decoded name, issuer
// country and product (what the server and a certificate's maker write), on the page and in the
// certificate dialog's heading. Each test fails on a crash, a warning, a network request from QML,
// or a Text showing such a string other than as plain text (HostileProbe.textProblems).
HostileRoot {
    id: root

    function cut(value, limit) {
        const text = value.slice(0, limit)
        return text.length > 0 ? text : "x"
    }

    function records(v) {
        return [
            { id: "hr_1", vaccine: "EU/1/20/1528", vaccineName: cut(v, 256), dose: 10,
              date: "2021-06-30", country: "DE", state: "rejected", reason: cut(v, 2000),
              certificate: null, createdAt: "2021-07-01T09:00:00Z",
              decidedAt: "2021-07-02T09:00:00Z" },
            { id: "hr_2", vaccine: "EU/1/20/1528", vaccineName: cut(v, 256), dose: 1,
              date: "2021-05-02", country: "IN", state: "verified", createdAt: "2021-05-02T09:00:00Z",
              certificate: { kind: "hc1", signature: "not_checked",
                             fields: { familyName: cut(v, 140), givenName: cut(v, 140),
                                       dateOfBirth: null,
                                       vaccinations: [ { disease: "840539006", vaccine: "J07BX03",
                                                         product: cut(v, 256), manufacturer: cut(v, 256),
                                                         dose: 1, doses: 2, date: "2021-05-02",
                                                         country: cut(v, 256), issuer: cut(v, 256),
                                                         certificateId: cut(v, 256) } ],
                                       issuerCountry: "DE", issuedAt: "2021-05-03T00:00:00Z",
                                       expiresAt: "2022-05-03T00:00:00Z", keyId: "", algorithm: -7 } } }
        ]
    }

    readonly property Component pageComponent: Component { HealthPage { anchors.fill: parent } }

    HostileCase {
        name: "HostileHealth"

        function cleanup() {
            settle()
            compare(HostileProbe.warnings(), [], "warnings")
            compare(HostileProbe.networkRequests - requestsBefore, 0, "network requests from QML")
            verify(HealthFixture.seed([]))
        }

        function test_healthPage() {
            for (let i = 0; i < root.variants.length; ++i) {
                const page = createTemporaryObject(root.pageComponent, root)
                verify(page !== null)
                tryCompare(HealthRecords, "loading", false)
                verify(HealthFixture.seed(root.records(root.variant(i))), "hostile string " + i)
                check("the health page with hostile string " + i)
                verify(page.openCertificate(1))
                check("the certificate dialog with hostile string " + i)
                findChild(page, "certificateDialog").close()
            }
            shoot("health")
        }
    }
}
