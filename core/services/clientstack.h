#pragma once

#include <QFlags>
#include <QObject>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace tessera {

class ClientFeature;
class SecretStore;
class AuthorizedApi;
class Session;
class SessionScope;

// The signed-in client's features, built once for a Session and following it: the app, the CLI
// and the tests use this instead of wiring the feature classes themselves. Each feature's parts
// (InboxStore, InboxSync, DecisionOutbox, InboxModel, InboxHistory, PassHolder, ScannerSync,
// ScanUploader, HomeStore, HomeSync, HomeModel) follow the session on their own: they get its
// database at sign-in and drop it at sign-out, and run while Session::servicesMayRun(). A new
// feature registers itself in clientfeatureregistry.cpp (its flag here, its builder there).
//
// The session and the secret store must outlive the stack.
class ClientStack : public QObject
{
    Q_OBJECT
public:
    enum class Feature {
        Inbox = 0x01, // the inbox cache and its delta sync with the live stream
        Decisions = 0x02, // the decision outbox, sent again whenever the server is back
        InboxView = 0x04, // the list model and the history of one item (the app's pages)
        Pass = 0x08, // the person's QR pass
        ScannerTrust = 0x10, // the scanner's trust list and check processes
        ScanUploads = 0x20, // the scanner's records, uploaded
        Home = 0x40, // Home's cards: cache, delta sync on the inbox's live stream, list model
        Services = 0x80, // self-service: the catalogue, the submission outbox, My requests
        News = 0x100, // News: cache, delta sync on the inbox's live stream, read outbox, list model
        Events = 0x200, // Events: cache, delta sync on the live stream, RSVP outbox, list model
        Surveys =
            0x400, // Surveys: cache, delta sync on the inbox's live stream, answer outbox, model
        Analytics = 0x800, // Analytics with consent: queue, recorder, uploader
        Attestations = 0x1000, // the daily attestation: its form and answer outbox
        Health = 0x2000, // health records: the person's vaccination records, doses, certificates
        Push = 0x4000, // the app's own push (PushClient): registration, decryption, notification
    };
    Q_DECLARE_FLAGS(Features, Feature)
    // Every flag above (a new feature's flag joins it).
    static constexpr Features allFeatures = Features(0x7fff);

    // Backoff after a failure of the features that retry (sync, stream, outbox, scan uploads).
    struct RetryDelays
    {
        std::chrono::milliseconds first;
        std::chrono::milliseconds last;
    };

    // What differs between the users of the stack.
    struct Options
    {
        // Built at once; add() builds more later. A feature brings the ones it needs.
        Features features = allFeatures;
        // The inbox's live stream; without it the inbox syncs only when asked (the CLI).
        bool liveStream = true;
        // The app's start-up gate: every sign-in (a restore included) holds the features'
        // network and keyring work until Session::releaseServices() (the app releases it after
        // the first frame). Set on the session when the stack is made: make the stack before
        // Session::restore().
        bool holdServicesOnSignIn = false;
        // The features' own defaults when not set.
        std::optional<RetryDelays> retryDelays;
    };

    ClientStack(
        Session &session, SecretStore &secrets, const Options &options, QObject *parent = nullptr);
    ClientStack(Session &session, SecretStore &secrets, QObject *parent = nullptr);
    ~ClientStack() override;

    // The session's state machine, for the few that need it (sign-out after an account's
    // deletion, the signed-in person's profile and device id); a feature's services receive
    // only its parts: api() and scope().
    Session &session() const { return m_session; }
    // What every feature service gets of the session: authorized requests (401, refresh,
    // retry), and the open database with started/ended. Taken from the Session here only.
    AuthorizedApi &api() const;
    SessionScope &scope() const;
    SecretStore &secrets() const { return m_secrets; }
    const Options &options() const { return m_options; }

    // Builds the features not built yet (and those they need), in the order they registered; a
    // feature added after start() starts at once.
    void add(Features features);
    bool has(Feature feature) const { return m_built.testFlag(feature); }

    // The part of type T (InboxSync, PassHolder ...), or null when its feature is not built.
    template<typename T>
    T *part() const
    {
        for (QObject *object : parts())
            if (auto *found = qobject_cast<T *>(object))
                return found;
        return nullptr;
    }
    QList<QObject *> parts() const;

    // Starts following the session: the inbox syncs now (when signed in) and keeps its stream
    // open. stop() ends that (the features still follow the session's database).
    void start();
    void stop();
    // The app went to the background (false: the stream closes) or came back (true: syncs and
    // sends what waits).
    void setForeground(bool foreground);

private:
    Session &m_session;
    SecretStore &m_secrets;
    const Options m_options;
    Features m_built;
    bool m_started = false;
    // In the order they were built; destroyed in reverse.
    std::vector<std::unique_ptr<ClientFeature>> m_features;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(ClientStack::Features)

} // namespace tessera
