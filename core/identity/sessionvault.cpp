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

enum class Field { Access, Refresh, DatabaseKey };

std::optional<Field> fieldOf(const QString &name)
{
    if (name == TokenKeeper::accessTokenSecret())
        return Field::Access;
    if (name == TokenKeeper::refreshTokenSecret())
        return Field::Refresh;
    if (name == DatabaseKeyProvider::defaultSecretName())
        return Field::DatabaseKey;
    return std::nullopt;
}

QByteArray &fieldIn(SessionRecord &record, Field field)
{
    switch (field) {
    case Field::Access:
        return record.accessToken;
    case Field::Refresh:
        return record.refreshToken;
    case Field::DatabaseKey:
        break;
    }
    return record.databaseKey;
}

} // namespace

struct SessionVault::State : std::enable_shared_from_this<State>
{
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

    void load(const Answer &done);
    void migrate(const Answer &done);
    void persist(Answer done);
    void removeRecord(Answer done);
    void removeLegacy(int index, Answer done);
    Task cleanup(std::optional<QByteArray> expected);
};

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
            self->migrate(done);
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
        self->damaged = false;
        self->record = std::move(*decoded);
        self->loaded = true;
        if (self->record.legacyEntriesMayRemain)
            self->queue.push_back(self->cleanup(std::nullopt));
        done(okResult);
    });
}

// No record: the session may still be in the three entries of before.
void SessionVault::State::migrate(const Answer &done)
{
    qCDebug(lcSecrets) << "session record: none; looking for the entries of before";
    after(store.read(TokenKeeper::refreshTokenSecret()),
        [self = shared_from_this(), done](SecretResult refresh) mutable {
            if (isFailure(refresh)) {
                done(std::move(refresh));
                return;
            }
            if (refresh.outcome == SecretOutcome::NotFound || refresh.value.isEmpty()) {
                // Nothing to move. An old access token or database key may linger (a sign-out that
                // stopped half-way): the first record written deletes them.
                self->record = {};
                self->record.legacyEntriesMayRemain = true;
                self->loaded = true;
                done(okResult);
                return;
            }
            auto moved = std::make_shared<SessionRecord>();
            moved->refreshToken = refresh.value;
            secureWipe(refresh.value);
            after(self->store.read(TokenKeeper::accessTokenSecret()),
                [self, done, moved](SecretResult access) mutable {
                    if (isFailure(access)) {
                        done(std::move(access));
                        return;
                    }
                    moved->accessToken = access.value;
                    secureWipe(access.value);
                    after(self->store.read(DatabaseKeyProvider::defaultSecretName()),
                        [self, done, moved](SecretResult key) mutable {
                            if (isFailure(key)) {
                                done(std::move(key));
                                return;
                            }
                            moved->databaseKey =
                                key.value; // as found: DatabaseKeyProvider checks it
                            secureWipe(key.value);
                            moved->legacyEntriesMayRemain = true;
                            self->record = std::move(*moved);
                            self->loaded = true;
                            qCInfo(lcSecrets)
                                << "session record: moving the session's three entries "
                                   "into one";
                            // The values are known: the caller goes on while the record is written.
                            self->queue.emplace_back([self](const Done &next) {
                                self->persist([next](const SecretResult &written) {
                                    if (written.outcome != SecretOutcome::Ok)
                                        qCWarning(lcSecrets).noquote()
                                            << "session record: not written, the entries of before "
                                               "stay:"
                                            << outcomeName(written.outcome) << written.message;
                                    next();
                                });
                            });
                            done(okResult);
                        });
                });
        });
}

// Writes the record as it is in memory (deletes it when it holds nothing). A record written
// with the mark is read back, then the old entries go (cleanup).
void SessionVault::State::persist(Answer done)
{
    if (!record.hasSecrets()) {
        removeRecord(std::move(done));
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

void SessionVault::State::removeRecord(Answer done)
{
    if (record.legacyEntriesMayRemain) {
        removeLegacy(0, [self = shared_from_this(), done](SecretResult removed) mutable {
            if (removed.outcome != SecretOutcome::Ok) {
                done(std::move(removed));
                return;
            }
            self->record.legacyEntriesMayRemain = false;
            self->removeRecord(std::move(done));
        });
        return;
    }
    after(store.remove(recordSecret()), std::move(done));
}

// Deletes the entries of before, the refresh token first: once it is gone none can come back.
void SessionVault::State::removeLegacy(int index, Answer done)
{
    const QStringList names = recordedNames();
    if (index >= names.size()) {
        done(okResult);
        return;
    }
    after(store.remove(names.at(index)),
        [self = shared_from_this(), index, done](SecretResult removed) mutable {
            if (removed.outcome != SecretOutcome::Ok) {
                done(std::move(removed));
                return;
            }
            self->removeLegacy(index + 1, std::move(done));
        });
}

// expected: the bytes just written, to read back and compare first (nullopt: the record was
// just read from the store).
Task SessionVault::State::cleanup(std::optional<QByteArray> expected)
{
    return [self = shared_from_this(), expected](const Done &next) {
        const auto fail = [next](const QString &step, const SecretResult &result) {
            qCWarning(lcSecrets).noquote()
                << "session record:" << step << outcomeName(result.outcome) << result.message
                << "- the entries of before stay";
            next();
        };
        const auto removeOld = [self, next, fail] {
            if (!self->record.legacyEntriesMayRemain) {
                next(); // a later write or a sign-out did it already
                return;
            }
            self->removeLegacy(0, [self, next, fail](const SecretResult &removed) {
                if (removed.outcome != SecretOutcome::Ok) {
                    fail(QStringLiteral("deleting the entries of before:"), removed);
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
            [expected, removeOld, fail](SecretResult back) mutable {
                const bool same = back.outcome == SecretOutcome::Ok && back.value == *expected;
                secureWipe(back.value);
                if (!same) {
                    fail(QStringLiteral("read back:"),
                        back.outcome == SecretOutcome::Ok ? SecretResult { SecretOutcome::Refused,
                            {}, QStringLiteral("not what was written") }
                                                          : back);
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

namespace {

std::shared_ptr<QPromise<SecretResult>> started()
{
    auto promise = std::make_shared<QPromise<SecretResult>>();
    promise->start();
    return promise;
}

Answer answerTo(std::shared_ptr<QPromise<SecretResult>> promise, Done next)
{
    return [promise = std::move(promise), next = std::move(next)](SecretResult result) {
        promise->addResult(std::move(result));
        promise->finish();
        next();
    };
}

} // namespace

QFuture<SecretResult> SessionVault::read(const QString &key)
{
    const std::optional<Field> field = fieldOf(key);
    if (!field)
        return m_state->store.read(key);
    auto promise = started();
    m_state->enqueue([state = m_state, promise, field = *field](const Done &next) {
        state->load([state, field, answer = answerTo(promise, next)](SecretResult loaded) {
            if (loaded.outcome != SecretOutcome::Ok) {
                answer(std::move(loaded));
                return;
            }
            const QByteArray &value = fieldIn(state->record, field);
            answer(value.isEmpty() ? SecretResult { SecretOutcome::NotFound, {}, {} }
                                   : SecretResult { SecretOutcome::Ok, value, {} });
        });
    });
    return promise->future();
}

QFuture<SecretResult> SessionVault::write(const QString &key, const QByteArray &value)
{
    const std::optional<Field> field = fieldOf(key);
    if (!field)
        return m_state->store.write(key, value);
    if (auto invalid = validate(key, &value))
        return ready(*invalid);
    auto promise = started();
    m_state->enqueue([state = m_state, promise, field = *field, value](const Done &next) {
        state->load([state, field, value, answer = answerTo(promise, next)](SecretResult loaded) {
            if (loaded.outcome != SecretOutcome::Ok) {
                answer(std::move(loaded));
                return;
            }
            QByteArray before = fieldIn(state->record, field);
            fieldIn(state->record, field) = value;
            state->persist([state, field, before, answer](SecretResult written) mutable {
                if (written.outcome != SecretOutcome::Ok)
                    fieldIn(state->record, field) = before; // memory says what the store has
                secureWipe(before);
                answer(std::move(written));
            });
        });
    });
    return promise->future();
}

QFuture<SecretResult> SessionVault::remove(const QString &key)
{
    const std::optional<Field> field = fieldOf(key);
    if (!field)
        return m_state->store.remove(key);
    auto promise = started();
    m_state->enqueue([state = m_state, promise, field = *field](const Done &next) {
        state->load([state, field, answer = answerTo(promise, next)](SecretResult loaded) {
            if (loaded.outcome != SecretOutcome::Ok && !state->damaged) {
                answer(std::move(loaded));
                return;
            }
            if (state->damaged) {
                // Removing what cannot be read (a sign-out): the whole record goes, and any
                // entries of before with it.
                qCInfo(lcSecrets) << "session record: removing the damaged record";
                state->damaged = false;
                state->record = {};
                state->record.legacyEntriesMayRemain = true;
                state->loaded = true;
            } else if (fieldIn(state->record, field).isEmpty()) {
                answer(okResult); // nothing to remove: the store stays as it is
                return;
            }
            QByteArray before = fieldIn(state->record, field);
            secureWipe(fieldIn(state->record, field));
            state->persist([state, field, before, answer](SecretResult written) mutable {
                if (written.outcome != SecretOutcome::Ok)
                    fieldIn(state->record, field) = before;
                secureWipe(before);
                answer(std::move(written));
            });
        });
    });
    return promise->future();
}

} // namespace tessera
