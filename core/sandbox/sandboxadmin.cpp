// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "sandboxadmin.h"

#include "sandboxdestination.h"
#include "sandboxportal.h"
#include "sandboxserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>

namespace medpull::sandbox {

namespace {

HttpResponse reply(const QJsonObject &object, int status = 200) {
    return HttpResponse::json(status, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

HttpResponse reply(const QJsonArray &array) {
    return HttpResponse::json(200, QJsonDocument(array).toJson(QJsonDocument::Compact));
}

HttpResponse error(int status, const QString &message) {
    return reply(QJsonObject{{QStringLiteral("error"), message}}, status);
}

// The vendor-like portals are listed only when asked for (`?all=1`), so the
// demo and the benchmarks keep seeing the three classic portals.
bool listed(const SandboxPortal &portal, const HttpRequest &request) {
    const QString all = request.param(QStringLiteral("all"));
    return !portal.config().vendorLike || (!all.isEmpty() && all != QLatin1String("0"));
}

QJsonObject quirksJson(const SandboxServer &server) {
    QJsonObject quirks;
    for (const auto &portal : server.portals())
        quirks.insert(portal->name(), QJsonArray::fromStringList(portal->quirks().spec));
    return quirks;
}

} // namespace

HttpResponse SandboxAdmin::handle(const HttpRequest &request) {
    const QStringList parts = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const QByteArray &method = request.method;
    if (parts.isEmpty() && method == "GET")
        return index(request);
    const QString head = parts.value(0);
    if (head == QLatin1String("portals")) {
        if (parts.size() == 1 && method == "GET") {
            QJsonArray portals;
            for (const auto &portal : m_server.portals()) {
                if (listed(*portal, request))
                    portals.append(portal->describe(m_server.origin()));
            }
            return reply(portals);
        }
        return portalRequest(request, parts);
    }
    if (head == QLatin1String("destinations"))
        return destinationRequest(request, parts);
    if (parts.size() == 1 && head == QLatin1String("people") && method == "GET")
        return people(request);
    if (parts.size() == 1 && head == QLatin1String("quirks")) {
        if (method == "GET")
            return reply(quirksJson(m_server));
        if (method == "DELETE" || method == "POST") {
            QString spec =
                method == "DELETE" ? QStringLiteral("all:clear") : QString::fromUtf8(request.body);
            const QJsonDocument document = QJsonDocument::fromJson(request.body);
            if (document.isObject())
                spec = document.object().value(QStringLiteral("spec")).toString();
            QString why;
            if (!m_server.applyQuirks(spec, &why))
                return error(400, why);
            return reply(quirksJson(m_server));
        }
    }
    if (parts.size() == 1 && head == QLatin1String("advance") && method == "POST") {
        m_server.advance();
        return reply(QJsonObject{
            {QStringLiteral("generation"), m_server.portals().front()->data().generation()}});
    }
    if (parts.size() == 1 && head == QLatin1String("faults")) {
        if (method == "GET") {
            QJsonObject faults;
            for (const auto &portal : m_server.portals())
                faults.insert(portal->name(), portal->faults().toJson());
            return reply(faults);
        }
        if (method == "DELETE") {
            QString ignored;
            m_server.applyFaults(QStringLiteral("all:clear"), &ignored);
            return reply(QJsonObject{{QStringLiteral("cleared"), true}});
        }
        if (method == "POST") {
            QString spec = QString::fromUtf8(request.body);
            const QJsonDocument document = QJsonDocument::fromJson(request.body);
            if (document.isObject())
                spec = document.object().value(QStringLiteral("spec")).toString();
            QString why;
            if (!m_server.applyFaults(spec, &why))
                return error(400, why);
            QJsonObject faults;
            for (const auto &portal : m_server.portals())
                faults.insert(portal->name(), portal->faults().toJson());
            return reply(faults);
        }
    }
    return error(404, QStringLiteral("no such admin endpoint: %1 %2")
                          .arg(QString::fromLatin1(method), request.path));
}

HttpResponse SandboxAdmin::index(const HttpRequest &request) const {
    QJsonArray portals;
    for (const auto &portal : m_server.portals()) {
        if (listed(*portal, request))
            portals.append(portal->describe(m_server.origin()));
    }
    QJsonArray destinations;
    for (const auto &[name, destination] : m_server.destinations())
        destinations.append(destination->describe(m_server.origin(), false));
    return reply(
        QJsonObject{{QStringLiteral("admin"), m_server.origin() + QStringLiteral("/admin")},
                    {QStringLiteral("portals"), portals},
                    {QStringLiteral("destinations"), destinations}});
}

HttpResponse SandboxAdmin::people(const HttpRequest &request) const {
    QMap<int, QJsonObject> people;
    for (const auto &portal : m_server.portals()) {
        if (!listed(*portal, request))
            continue;
        const SandboxDataset &data = portal->data();
        for (int p = 0; p < data.patientCount(); ++p) {
            QJsonObject &person = people[data.personOf(p)];
            person.insert(QStringLiteral("person"), data.personOf(p));
            person.insert(QStringLiteral("name"), data.patientName(p));
            QJsonArray accounts = person.value(QStringLiteral("accounts")).toArray();
            accounts.append(
                QJsonObject{{QStringLiteral("portal"), portal->name()},
                            {QStringLiteral("patient"), QString::fromLatin1(data.patientId(p))}});
            person.insert(QStringLiteral("accounts"), accounts);
        }
    }
    QJsonArray list;
    for (const QJsonObject &person : std::as_const(people))
        list.append(person);
    return reply(list);
}

HttpResponse SandboxAdmin::portalRequest(const HttpRequest &request, const QStringList &parts) {
    SandboxPortal *portal = m_server.portal(parts.value(1));
    if (!portal)
        return error(404, QStringLiteral("no portal named '%1'").arg(parts.value(1)));
    const QByteArray &method = request.method;
    const QString action = parts.value(2);
    if (parts.size() == 2 && method == "GET")
        return reply(portal->describe(m_server.origin()));
    if (parts.size() == 3 && action == QLatin1String("patients") && method == "GET")
        return reply(portal->describePatients());
    if (parts.size() == 3 && action == QLatin1String("advance") && method == "POST") {
        portal->data().advance(QDateTime::currentMSecsSinceEpoch());
        return reply(QJsonObject{{QStringLiteral("generation"), portal->data().generation()}});
    }
    if (parts.size() == 3 && action == QLatin1String("expire-tokens") && method == "POST") {
        portal->expireAccessTokens();
        return reply(QJsonObject{{QStringLiteral("expired"), true}});
    }
    if (parts.size() == 3 && action == QLatin1String("client")) {
        if (method == "POST") {
            const QJsonDocument changes = QJsonDocument::fromJson(request.body);
            if (!changes.isObject())
                return error(400, QStringLiteral("the body must be a JSON object"));
            portal->clientAuth().registration().update(changes.object());
        }
        if (method == "POST" || method == "GET")
            return reply(portal->clientAuth().registration().toJson());
    }
    if (parts.size() == 3 && action == QLatin1String("tokens") && method == "GET")
        return reply(QJsonArray::fromStringList(portal->issuedTokens()));
    if (parts.size() >= 4 && action == QLatin1String("patients")) {
        const int patient = portal->data().patientFromId(parts[3].toUtf8());
        if (patient < 0)
            return error(404,
                         QStringLiteral("no patient '%1' at %2").arg(parts[3], portal->name()));
        if (parts.size() == 4 && method == "GET")
            return reply(portal->describePatient(patient));
        if (parts.size() == 5 && parts[4] == QLatin1String("expected") && method == "GET")
            return reply(portal->expected(patient, m_server.origin()));
        if (parts.size() == 5 && parts[4] == QLatin1String("revoke") && method == "POST")
            return reply(
                QJsonObject{{QStringLiteral("revokedGrants"), portal->revokePatient(patient)}});
    }
    return error(404, QStringLiteral("no such admin endpoint: %1").arg(request.path));
}

HttpResponse SandboxAdmin::destinationRequest(const HttpRequest &request,
                                              const QStringList &parts) {
    const QByteArray &method = request.method;
    if (parts.size() == 1 && method == "GET") {
        QJsonArray destinations;
        for (const auto &[name, destination] : m_server.destinations())
            destinations.append(destination->describe(m_server.origin(), false));
        return reply(destinations);
    }
    SandboxDestination *destination = m_server.destination(parts.value(1));
    if (!destination)
        return error(404, QStringLiteral("no destination named '%1'").arg(parts.value(1)));
    if (parts.size() == 2 && method == "GET") {
        const QString withKeys = request.param(QStringLiteral("resources"));
        return reply(destination->describe(m_server.origin(),
                                           !withKeys.isEmpty() && withKeys != QLatin1String("0")));
    }
    if (parts.size() == 2 && method == "DELETE") {
        destination->clear();
        return reply(destination->describe(m_server.origin(), false));
    }
    if (parts.size() == 3 && method == "POST" &&
        (parts[2] == QLatin1String("fail") || parts[2] == QLatin1String("succeed"))) {
        const int seconds = request.param(QStringLiteral("seconds")).toInt();
        if (parts[2] == QLatin1String("fail") && seconds > 0)
            destination->setOutage(seconds);
        else
            destination->setFailing(parts[2] == QLatin1String("fail"));
        return reply(destination->describe(m_server.origin(), false));
    }
    return error(404, QStringLiteral("no such admin endpoint: %1").arg(request.path));
}

} // namespace medpull::sandbox
