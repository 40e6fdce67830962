#include "identity/sessionvault.h"

#include "base/logging.h"
#include "base/securewipe.h"
#include "identity/sessionrecord.h"
#include "identity/tokenkeeper.h"
#include "storage/databasekeyprovider.h"

#include <QPromise>

#include <deque>
#include <functional>
#include <optional>

namespace tessera {

namespace {

using Answer = std::function<void(SecretResult)>;
using Done = std::function<void()>;
using Task = std::function<void(const Done &)>;

const SecretResult okResult { SecretOutcome::Ok, {}, {} };

bool isFailure(const SecretResult &result)
{
    return result.outcome != SecretOutcome::Ok && result.outcome != SecretOutcome::NotFound;
}

// Calls handler once with the store's answer; a cancelled request (its promise died
// unfinished) is an Unavailable answer. result(), not takeResult(): see DatabaseKeyProvider.
void after(QFuture<SecretResult> future, Answer handler)
{
    auto once = std::make_shared<Answer>(std::move(handler));
    const auto fire = [once](SecretResult result) {
        if (!*once)
            return;
        Answer call = std::move(*once);
        *once = nullptr;
        call(std::move(result));
    };
    future
        .then([fire](const QFuture<SecretResult> &done) {
            if (done.resultCount() == 0) {
                fire({ SecretOutcome::Unavailable, {}, QStringLiteral("no answer") });
                return;
            }
            fire(done.result());
        })
        .onCanceled([fire] {
            fire({ SecretOutcome::Unavailable, {},
                QStringLiteral("the secure store request was cancelled") });
        });
}

// The record's field for one of recordedNames().
QByteArray &fieldIn(SessionRecord &record, const QString &name)
{
    if (name == TokenKeeper::accessTokenSecret())
        return record.accessToken;
    if (name == TokenKeeper::refreshTokenSecret())
        return record.refreshToken;
    return record.databaseKey;
}

void warnThatOldEntriesStay(const QString &step, const SecretResult &result)
{
    qCWarning(lcSecrets).noquote() << "session record:" << step << outcomeName(result.outcome)
                                   << result.message << "- the entries of before stay";
}

} // namespace

struct SessionVault::State : std::enable_shared_from_this<State>
{
    // Work on the loaded record; it answers once.
    using Work = std::function<void(State &, const Answer &)>;

    explicit State(SecretStore &secrets)
        : store(secrets)
    { }

    SecretStore &store;
    bool loaded = false;
    bool damaged = false; // the stored record could not be read (kept as it is)
    SessionRecord record;
    std::deque<Task> queue;
    bool running = false;

    void enqueue(Task task)
    {
        queue.push_back(std::move(task));
        pump();
    }

    void pump()
    {
        if (running || queue.empty())
            return;
        running = true;
        Task task = std::move(queue.front());
        queue.pop_front();
        task([self = shared_from_this()] {
            self->running = false;
            self->pump();
        });
    }

    // An empty record, loaded, whose first write or removal deletes the entries of before.
    void startEmpty()
    {
        record = {};
        record.legacyEntriesMayRemain = true;
        loaded = true;
    }

    QFuture<SecretResult> onRecord(Work work, bool takesDamaged = false);
    void load(const Answer &done);
    void readLegacy(int index, const std::shared_ptr<SessionRecord> &moved, const Answer &done);
    void change(const QString &name, const QByteArray &value, const Answer &done);
    void persist(const Answer &done);
    void removeRecord(const Answer &done);
    void removeEntries(QStringList names, const Answer &done);
    Task cleanup(std::optional<QByteArray> expected);
};

// Runs work in turn with every other call on the record, once the record is loaded; a failed
// load is the answer, but for work that takes a damaged record (a removal).
QFuture<SecretResult> SessionVault::State::onRecord(Work work, bool takesDamaged)
{
    auto promise = std::make_shared<QPromise<SecretResult>>();
    promise->start();
    enqueue([self = shared_from_this(), promise, work = std::move(work), takesDamaged](
                const Done &next) {
        const Answer answer = [promise, next](SecretResult result) {
            promise->addResult(std::move(result));
            promise->finish();
            next();
        };
        self->load([self, work, answer, takesDamaged](SecretResult result) {
            if (result.outcome != SecretOutcome::Ok && !(takesDamaged && self->damaged)) {
                answer(std::move(result));
                return;
            }
            work(*self, answer);
        });
    });
    return promise->future();
}

void SessionVault::State::load(const Answer &done)
{
    if (loaded) {
        done(okResult);
        return;
    }
    qCDebug(lcSecrets) << "session record: reading the secure store";
    damaged = false;
    after(store.read(recordSecret()), [self = shared_from_this(), done](SecretResult read) {
        if (read.outcome == SecretOutcome::NotFound) {
            qCDebug(lcSecrets) << "session record: none; looking for the entries of before";
            self->readLegacy(0, std::make_shared<SessionRecord>(), done);
            return;
        }
        if (read.outcome != SecretOutcome::Ok) {
            done(std::move(read));
            return;
        }
        QString problem;
        auto decoded = SessionRecord::decode(read.value, &problem);
        secureWipe(read.value);
        if (!decoded) {
            qCWarning(lcSecrets).noquote() << problem << "- left as it is";
            self->damaged = true;
            done({ SecretOutcome::Refused, {}, problem });
            return;
        }
        self->record = std::move(*decoded);
        self->loaded = true;
        if (self->record.legacyEntriesMayRemain)
            self->queue.push_back(self->cleanup(std::nullopt));
        done(okResult);
    });
}

// No record: the session may still be in the three entries of before, read in the order of
// recordedNames() (the refresh token first: without it there is nothing to move). A failed
// read is the answer: nothing is written or deleted. The values are moved as found (the
// database key too: DatabaseKeyProvider checks it), so the database key never changes.
void SessionVault::State::readLegacy(
    int index, const std::shared_ptr<SessionRecord> &moved, const Answer &done)
{
    const QStringList names = recordedNames();
    if (index == names.size()) {
        record = std::move(*moved);
        record.legacyEntriesMayRemain = true;
        loaded = true;
        qCInfo(lcSecrets) << "session record: moving the session's three entries into one";
        // The values are known: the caller goes on while the record is written.
        queue.emplace_back([self = shared_from_this()](const Done &next) {
            self->persist([next](const SecretResult &written) {
                if (written.outcome != SecretOutcome::Ok)
                    warnThatOldEntriesStay(QStringLiteral("not written:"), written);
                next();
            });
        });
        done(okResult);
        return;
    }
    after(store.read(names.at(index)),
        [self = shared_from_this(), index, moved, done](SecretResult read) {
            if (isFailure(read)) {
                done(std::move(read));
                return;
            }
            if (index == 0 && (read.outcome == SecretOutcome::NotFound || read.value.isEmpty())) {
                // Nothing to move. An old access token or database key may linger (a sign-out
                // that stopped half-way): the first record written deletes them.
                self->startEmpty();
                done(okResult);
                return;
            }
            fieldIn(*moved, recordedNames().at(index)) = read.value;
            secureWipe(read.value);
            self->readLegacy(index + 1, moved, done);
        });
}

// Sets one field (empty: removes it) and writes the record; when that fails, memory goes back
// to what the store has.
void SessionVault::State::change(const QString &name, const QByteArray &value, const Answer &done)
{
    QByteArray before = fieldIn(record, name);
    fieldIn(record, name) = value;
    persist([self = shared_from_this(), name, before, done](SecretResult written) mutable {
        if (written.outcome != SecretOutcome::Ok)
            fieldIn(self->record, name) = before;
        secureWipe(before);
        done(std::move(written));
    });
}

// Writes the record as it is in memory (deletes it when it holds nothing). A record written
// with the mark is read back, then the old entries go (cleanup).
void SessionVault::State::persist(const Answer &done)
{
    if (!record.hasSecrets()) {
        removeRecord(done);
        return;
    }
    QString problem;
    std::optional<QByteArray> bytes = record.encode(&problem);
    if (!bytes) {
        done({ SecretOutcome::Refused, {}, problem });
        return;
    }
    QByteArray written = *bytes;
    after(store.write(recordSecret(), *bytes),
        [self = shared_from_this(), done, written](SecretResult answer) mutable {
            if (answer.outcome == SecretOutcome::Ok && self->record.legacyEntriesMayRemain)
                self->queue.push_back(self->cleanup(written));
            secureWipe(written);
            done(std::move(answer));
        });
    secureWipe(*bytes);
}

// With the mark set, the entries of before go first, so that a removed session never comes
// back from them.
void SessionVault::State::removeRecord(const Answer &done)
{
    const QStringList names = record.legacyEntriesMayRemain ? recordedNames() << recordSecret()
                                                            : QStringList { recordSecret() };
    removeEntries(names, [self = shared_from_this(), done](SecretResult removed) {
        if (removed.outcome == SecretOutcome::Ok)
            self->record.legacyEntriesMayRemain = false;
        done(std::move(removed));
    });
}

// Deletes names in order (the entries of before: the refresh token first, so that none can
// come back once it is gone); the first failure is the answer.
void SessionVault::State::removeEntries(QStringList names, const Answer &done)
{
    if (names.isEmpty()) {
        done(okResult);
        return;
    }
    const QString name = names.takeFirst();
    after(store.remove(name), [self = shared_from_this(), names, done](SecretResult removed) {
        if (removed.outcome != SecretOutcome::Ok) {
            done(std::move(removed));
            return;
        }
        self->removeEntries(names, done);
    });
}

// The old entries' deletion, then the record written again without the mark. expected: the
// bytes just written, read back and compared first (nullopt: the record was just read from
// the store). Any failure leaves the old entries (and the mark) for the next write or start.
Task SessionVault::State::cleanup(std::optional<QByteArray> expected)
{
    return [self = shared_from_this(), expected](const Done &next) {
        const auto removeOld = [self, next] {
            if (!self->record.legacyEntriesMayRemain) {
                next(); // a later write or a sign-out did it already
                return;
            }
            self->removeEntries(recordedNames(), [self, next](const SecretResult &removed) {
                if (removed.outcome != SecretOutcome::Ok) {
                    warnThatOldEntriesStay(
                        QStringLiteral("deleting the entries of before:"), removed);
                    next();
                    return;
                }
                self->record.legacyEntriesMayRemain = false;
                qCInfo(lcSecrets) << "session record: the entries of before are gone";
                self->persist([next](const SecretResult &) { next(); });
            });
        };
        if (!expected) {
            removeOld();
            return;
        }
        qCDebug(lcSecrets) << "session record: reading back what was written";
        after(self->store.read(recordSecret()),
            [expected, removeOld, next](SecretResult back) mutable {
                const bool same = back.outcome == SecretOutcome::Ok && back.value == *expected;
                secureWipe(back.value);
                if (!same) {
                    if (back.outcome == SecretOutcome::Ok)
                        back = { SecretOutcome::Refused, {},
                            QStringLiteral("not what was written") };
                    warnThatOldEntriesStay(QStringLiteral("read back:"), back);
                    next();
                    return;
                }
                removeOld();
            });
    };
}

QStringList SessionVault::recordedNames()
{
    return { TokenKeeper::refreshTokenSecret(), TokenKeeper::accessTokenSecret(),
        DatabaseKeyProvider::defaultSecretName() };
}

SessionVault::SessionVault(SecretStore &store)
    : m_state(std::make_shared<State>(store))
{ }

SessionVault::~SessionVault() = default;

void SessionVault::reload()
{
    m_state->enqueue([state = m_state](const Done &next) {
        state->loaded = false;
        state->record.wipe();
        state->record.legacyEntriesMayRemain = false;
        next();
    });
}

bool SessionVault::isIdle() const
{
    return !m_state->running && m_state->queue.empty();
}

QFuture<SecretResult> SessionVault::read(const QString &key)
{
    if (!recordedNames().contains(key))
        return m_state->store.read(key);
    return m_state->onRecord([key](State &state, const Answer &answer) {
        const QByteArray &value = fieldIn(state.record, key);
        answer(value.isEmpty() ? SecretResult { SecretOutcome::NotFound, {}, {} }
                               : SecretResult { SecretOutcome::Ok, value, {} });
    });
}

QFuture<SecretResult> SessionVault::write(const QString &key, const QByteArray &value)
{
    if (!recordedNames().contains(key))
        return m_state->store.write(key, value);
    if (auto invalid = validate(key, &value))
        return ready(*invalid);
    return m_state->onRecord(
        [key, value](State &state, const Answer &answer) { state.change(key, value, answer); });
}

QFuture<SecretResult> SessionVault::remove(const QString &key)
{
    if (!recordedNames().contains(key))
        return m_state->store.remove(key);
    const auto removeField = [key](State &state, const Answer &answer) {
        if (state.damaged) {
            // Removing what cannot be read (a sign-out): the whole record goes, and any entries
            // of before with it. Until that is done, the store is read again on the next call.
            qCInfo(lcSecrets) << "session record: removing the damaged record";
            state.damaged = false;
            state.startEmpty();
            state.persist([self = state.shared_from_this(), answer](SecretResult removed) {
                if (removed.outcome != SecretOutcome::Ok)
                    self->loaded = false;
                answer(std::move(removed));
            });
            return;
        }
        if (fieldIn(state.record, key).isEmpty()) {
            answer(okResult); // nothing to remove: the store stays as it is
            return;
        }
        state.change(key, {}, answer);
    };
    return m_state->onRecord(removeField, true);
}

} // namespace tessera
