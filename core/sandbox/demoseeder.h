// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "democonfig.h"

#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <functional>

class QJsonDocument;
class QNetworkAccessManager;

namespace medpull {

class Engine;

// Fills a database with the sandbox's portals and people, and connects each
// account by driving the portal's authorize page the way a browser would.
// Used by `medpull-cli demo-seed` and `medpull --demo`. Needs a started
// Engine; talks to the sandbox only over HTTP (its admin API). With the demo
// story it stages what DemoConfig describes; everything the story needs
// afterwards (the export folder, the outages that end, the retries) is owned
// by the sandbox, the engine or the caller, so the seeder can be deleted as
// soon as it has finished.
class DemoSeeder : public QObject {
    Q_OBJECT

public:
    struct Options {
        QUrl sandboxAdminUrl;
        int patients = 12;      // people to register, each with 1–3 accounts
        bool demoStory = false; // also stage the demo's story (DemoConfig::load())
        // Only these portals (the vendor-like ones included); empty: the
        // sandbox's listed portals.
        QStringList portals = {};
        // The demo's NDJSON folder destination writes here; it must outlive
        // the demo. Empty: the story has no folder destination.
        QString exportFolder = {};
    };

    DemoSeeder(Engine *engine, Options options, QObject *parent = nullptr);
    void start();

signals:
    void progress(const QString &message);
    // `connected` accounts were made active; `error` is empty on success.
    void finished(int connected, const QString &error);

private:
    using Step = std::function<void()>;
    void get(const QString &path, std::function<void(const QJsonDocument &)> handle);
    void post(const QString &path, const QByteArray &body, const Step &then);
    void addSources(const QJsonArray &portals, qsizetype index);
    void addPeople(const QJsonArray &people, qsizetype index);
    void connectAccount(qint64 patientId, const QString &portal, const QString &patientName,
                        const Step &then);
    void stageRefreshFailure();
    void addDemoDestinations(qsizetype index, const Step &then);
    void fail(const QString &error);
    void finish();

    Engine *m_engine;
    Options m_options;
    QNetworkAccessManager *m_network;
    QHash<QString, qint64> m_sources;        // portal name -> source id
    QHash<qint64, QString> m_accountPortal;  // connection id -> portal name
    QHash<qint64, QString> m_accountPatient; // connection id -> sandbox patient id
    DemoConfig m_story;
    QJsonArray m_sandboxDestinations; // name, fhirBase
    int m_connected = 0;
    bool m_finished = false;
};

} // namespace medpull
