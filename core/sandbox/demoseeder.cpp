// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "demoseeder.h"

#include "authorizepagedriver.h"
#include "engine.h"
#include "exportdestination.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace medpull {

DemoSeeder::DemoSeeder(Engine *engine, Options options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_options(std::move(options))
    , m_network(new QNetworkAccessManager(this)) {}

void DemoSeeder::start() {
    auto begin = [this] {
        get(m_options.portals.isEmpty() ? QStringLiteral("/portals")
                                        : QStringLiteral("/portals?all=1"),
            [this](const QJsonDocument &portals) {
                QJsonArray chosen;
                for (const QJsonValue &portal : portals.array()) {
                    if (m_options.portals.isEmpty() ||
                        m_options.portals.contains(
                            portal.toObject().value(QStringLiteral("name")).toString()))
                        chosen.append(portal);
                }
                addSources(chosen, 0);
            });
    };
    if (!m_options.demoStory) {
        begin();
        return;
    }
    QString error;
    m_story = DemoConfig::load(&error);
    if (!error.isEmpty()) {
        // Reported once the caller waits for it, like every other outcome.
        QTimer::singleShot(0, this,
                           [this, error] { fail(tr("demo configuration: %1").arg(error)); });
        return;
    }
    const Step destinations = [this, begin] {
        get(QString(), [this, begin](const QJsonDocument &sandbox) {
            m_sandboxDestinations =
                sandbox.object().value(QStringLiteral("destinations")).toArray();
            addDemoDestinations(0, begin);
        });
    };
    if (m_story.faults.isEmpty())
        destinations();
    else
        post(QStringLiteral("/faults"), m_story.faults.toUtf8(), destinations);
}

void DemoSeeder::get(const QString &path, std::function<void(const QJsonDocument &)> handle) {
    QNetworkReply *reply =
        m_network->get(QNetworkRequest(QUrl(m_options.sandboxAdminUrl.toString() + path)));
    connect(reply, &QNetworkReply::finished, this, [this, reply, path, handle] {
        reply->deleteLater();
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(reply->readAll(), &error);
        if (reply->error() != QNetworkReply::NoError || document.isNull()) {
            fail(tr("sandbox admin %1: %2").arg(path, reply->errorString()));
            return;
        }
        handle(document);
    });
}

void DemoSeeder::post(const QString &path, const QByteArray &body, const Step &then) {
    QNetworkRequest request(QUrl(m_options.sandboxAdminUrl.toString() + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, path, then] {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError) {
            fail(tr("sandbox admin %1: %2").arg(path, reply->errorString()));
            return;
        }
        then();
    });
}

void DemoSeeder::addSources(const QJsonArray &portals, qsizetype index) {
    if (index >= portals.size()) {
        get(m_options.portals.isEmpty() ? QStringLiteral("/people")
                                        : QStringLiteral("/people?all=1"),
            [this](const QJsonDocument &people) { addPeople(people.array(), 0); });
        return;
    }
    const QJsonObject portal = portals.at(index).toObject();
    const QString name = portal.value(QStringLiteral("name")).toString();
    emit progress(tr("Adding source %1").arg(name));
    auto *context = new QObject(this);
    connect(m_engine, &Engine::sourceAdded, context,
            [this, context, portals, index, name](const Source &source) {
                if (source.name != name)
                    return;
                delete context;
                m_sources.insert(name, source.id);
                addSources(portals, index + 1);
            });
    connect(m_engine, &Engine::commandFailed, context,
            [this, context](const QString &command, const QString &error) {
                if (command != QLatin1String("add source"))
                    return;
                delete context;
                fail(error);
            });
    // A portal that registered medpull as a confidential client says how in
    // its admin description: the seeder enters that as an admin would.
    const QJsonObject client = portal.value(QStringLiteral("client")).toObject();
    const auto method =
        fromName<ClientAuthMethod>(client.value(QStringLiteral("method")).toString());
    const bool needsRedirect = client.value(QStringLiteral("requireRegisteredRedirect")).toBool();
    if (needsRedirect || method == ClientAuthMethod::PrivateKeyJwt) {
        // Registering a key or a redirect URI is the portal admin's step.
        delete context;
        addSources(portals, index + 1);
        return;
    }
    SourceSettings settings;
    settings.name = name;
    settings.fhirBase = QUrl(portal.value(QStringLiteral("fhirBase")).toString());
    settings.clientId = QStringLiteral("medpull");
    settings.clientAuth = method;
    if (method && *method != ClientAuthMethod::None)
        settings.clientSecret = client.value(QStringLiteral("secret")).toString();
    m_engine->addSourceWithSettings(settings);
}

void DemoSeeder::addPeople(const QJsonArray &people, qsizetype index) {
    if (index >= people.size() || index >= m_options.patients) {
        if (m_options.demoStory)
            stageRefreshFailure();
        else
            finish();
        return;
    }
    const QJsonObject person = people.at(index).toObject();
    const QString name = person.value(QStringLiteral("name")).toString();
    const QString externalId = QStringLiteral("DEMO-%1").arg(
        person.value(QStringLiteral("person")).toInt(), 4, 10, QLatin1Char('0'));
    emit progress(tr("Adding %1").arg(name));
    auto *context = new QObject(this);
    connect(m_engine, &Engine::patientAdded, context,
            [this, context, people, index, person, externalId](const Patient &patient) {
                if (patient.externalId != externalId)
                    return;
                delete context;
                const QJsonArray accounts = person.value(QStringLiteral("accounts")).toArray();
                auto connectNext = std::make_shared<std::function<void(qsizetype)>>();
                *connectNext = [this, accounts, patient, people, index,
                                connectNext](qsizetype account) {
                    if (account >= accounts.size()) {
                        addPeople(people, index + 1);
                        return;
                    }
                    const QJsonObject entry = accounts.at(account).toObject();
                    connectAccount(patient.id, entry.value(QStringLiteral("portal")).toString(),
                                   entry.value(QStringLiteral("patient")).toString(),
                                   [connectNext, account] { (*connectNext)(account + 1); });
                };
                (*connectNext)(0);
            });
    connect(m_engine, &Engine::commandFailed, context,
            [this, context](const QString &command, const QString &error) {
                if (command != QLatin1String("add patient"))
                    return;
                delete context;
                fail(error);
            });
    m_engine->addPatient(name, externalId);
}

void DemoSeeder::connectAccount(qint64 patientId, const QString &portal,
                                const QString &sandboxPatient, const Step &then) {
    if (!m_sources.contains(portal)) {
        then();
        return;
    }
    auto *context = new QObject(this);
    auto connectionId = std::make_shared<qint64>(0);
    connect(m_engine, &Engine::authorizeUrlReady, context,
            [this, context, sandboxPatient, connectionId](qint64 id, const QUrl &url) {
                if (*connectionId != 0 && id != *connectionId)
                    return;
                *connectionId = id;
                auto *driver = new AuthorizePageDriver(m_network, context);
                // A page that cannot be driven ends the launch (and the
                // account it started) instead of waiting for a browser.
                connect(driver, &AuthorizePageDriver::finished, context,
                        [this, id](const AuthorizePageResult &result) {
                            if (!result.ok) {
                                emit progress(tr("Could not sign in: %1").arg(result.error));
                                m_engine->cancelConnect(id);
                            }
                        });
                AuthorizePageChoice choice;
                choice.patientName = sandboxPatient;
                driver->run(url, choice);
            });
    connect(m_engine, &Engine::connectionChanged, context,
            [this, context, connectionId, portal, sandboxPatient, then](const Connection &c) {
                if (*connectionId == 0 && c.state == ConnectionState::Pending)
                    *connectionId = c.id;
                if (c.id != *connectionId || c.state == ConnectionState::Pending)
                    return;
                delete context;
                if (c.state == ConnectionState::Active) {
                    ++m_connected;
                    m_accountPortal.insert(c.id, portal);
                    m_accountPatient.insert(c.id, sandboxPatient);
                }
                then();
            });
    // A connect the engine could not even start (the database refused the
    // account) ends the seeding with its error instead of waiting forever.
    connect(m_engine, &Engine::commandFailed, context,
            [this, context](const QString &command, const QString &error) {
                if (command != QLatin1String("connect"))
                    return;
                delete context;
                fail(error);
            });
    // A cancelled first connect leaves no account behind.
    connect(m_engine, &Engine::connectionRemoved, context,
            [context, connectionId, then](qint64 id) {
                if (id != *connectionId)
                    return;
                delete context;
                then();
            });
    m_engine->connectSource(patientId, m_sources.value(portal));
}

// The story's export destinations, one after the other. An outage is the
// sandbox's to end, so it ends whether or not the seeder still exists.
void DemoSeeder::addDemoDestinations(qsizetype index, const Step &then) {
    if (index >= m_story.destinations.size()) {
        then();
        return;
    }
    const DemoConfig::Destination &wanted = m_story.destinations.at(index);
    const Step next = [this, index, then] {
        addDemoDestinations(index + 1, then);
    };
    ExportDestination destination;
    destination.name = wanted.name;
    destination.kind = wanted.kind;
    if (wanted.kind == DestinationKind::NdjsonFolder) {
        if (!m_options.exportFolder.isEmpty()) {
            destination.config = QJsonObject{{QStringLiteral("path"), m_options.exportFolder}};
            m_engine->addDestination(destination);
        }
        next();
        return;
    }
    QString fhirBase;
    for (const QJsonValue &candidate : std::as_const(m_sandboxDestinations)) {
        if (candidate.toObject().value(QStringLiteral("name")).toString() ==
            wanted.sandboxDestination)
            fhirBase = candidate.toObject().value(QStringLiteral("fhirBase")).toString();
    }
    if (fhirBase.isEmpty()) {
        fail(tr("the sandbox has no export destination named %1").arg(wanted.sandboxDestination));
        return;
    }
    destination.config = QJsonObject{{QStringLiteral("baseUrl"), fhirBase},
                                     {QStringLiteral("bundleType"), QStringLiteral("transaction")}};
    const Step add = [this, destination, next] {
        m_engine->addDestination(destination);
        next();
    };
    if (wanted.outageSeconds > 0)
        post(QStringLiteral("/destinations/%1/fail?seconds=%2")
                 .arg(wanted.sandboxDestination)
                 .arg(wanted.outageSeconds),
             {}, add);
    else
        add();
}

// One account at the story's portal loses its refresh token there; its next
// pull finds out and the account turns refresh_failed ("ask the patient to
// reconnect").
void DemoSeeder::stageRefreshFailure() {
    const QString portal = m_story.refreshFailurePortal;
    for (auto it = m_accountPortal.cbegin(); it != m_accountPortal.cend(); ++it) {
        if (portal.isEmpty() || it.value() != portal)
            continue;
        const qint64 connectionId = it.key();
        const QString patient = m_accountPatient.value(connectionId);
        post(QStringLiteral("/portals/%1/patients/%2/revoke").arg(portal, patient), {}, [=, this] {
            post(QStringLiteral("/portals/%1/expire-tokens").arg(portal), {}, [=, this] {
                m_engine->pullConnection(connectionId);
                finish();
            });
        });
        return;
    }
    finish();
}

void DemoSeeder::fail(const QString &error) {
    if (m_finished)
        return;
    m_finished = true;
    emit finished(m_connected, error);
}

void DemoSeeder::finish() {
    if (m_finished)
        return;
    m_finished = true;
    emit finished(m_connected, {});
}

} // namespace medpull
