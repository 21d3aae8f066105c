// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

// The manifest.json both file destinations (NDJSON folder, S3) write last.

#include "deliveryjob.h"
#include "deliverymanifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace medpull;

namespace {

StoredResource deletedResource(const QString &type) {
    StoredResource resource;
    resource.resourceType = type;
    resource.deleted = true;
    return resource;
}

DeliveryInput input() {
    DeliveryInput input;
    input.delivery.id = 7;
    input.destination.name = QStringLiteral("archive");
    input.context.pullId = 42;
    input.context.pullStatus = PullStatus::Partial;
    input.context.patientId = 3;
    input.context.patientName = QStringLiteral("Ada Example");
    input.context.patientExternalId = QStringLiteral("MRN-1");
    input.context.connectionId = 5;
    input.context.sourceName = QStringLiteral("epic");
    return input;
}

} // namespace

class TestDeliveryManifest : public QObject {
    Q_OBJECT

private slots:
    void describesWhatWasWritten() {
        DeliveryManifest manifest;
        manifest.addFile(QStringLiteral("Observation.ndjson"));
        manifest.addResources(QStringLiteral("Observation"), 1000);
        manifest.addResources(QStringLiteral("Observation"), 3);
        manifest.addFile(QStringLiteral("Patient.ndjson"));
        manifest.addResources(QStringLiteral("Patient"), 1);
        manifest.addDeleted({}, QStringLiteral("deleted.ndjson"));
        QVERIFY(!manifest.lists(QStringLiteral("deleted.ndjson")));
        manifest.addDeleted({deletedResource(QStringLiteral("Observation")),
                             deletedResource(QStringLiteral("Condition")),
                             deletedResource(QStringLiteral("Observation"))},
                            QStringLiteral("deleted.ndjson"));

        QCOMPARE(manifest.resources(QStringLiteral("Observation")), 1003);
        QCOMPARE(manifest.sent(), 1007);
        QVERIFY(manifest.lists(QStringLiteral("Patient.ndjson")));
        QVERIFY(manifest.lists(QStringLiteral("deleted.ndjson")));
        QVERIFY(!manifest.lists(QStringLiteral("Condition.ndjson")));

        const QJsonObject json = QJsonDocument::fromJson(manifest.toJson(input())).object();
        QCOMPARE(json[QStringLiteral("delivery")].toInteger(), 7);
        QCOMPARE(json[QStringLiteral("destination")].toString(), QStringLiteral("archive"));
        QCOMPARE(json[QStringLiteral("pull")].toInteger(), 42);
        QCOMPARE(json[QStringLiteral("pullStatus")].toString(), nameOf(PullStatus::Partial));
        QCOMPARE(json[QStringLiteral("patient")].toObject(),
                 (QJsonObject{{QStringLiteral("id"), 3},
                              {QStringLiteral("displayName"), QStringLiteral("Ada Example")},
                              {QStringLiteral("externalId"), QStringLiteral("MRN-1")}}));
        QCOMPARE(json[QStringLiteral("connection")].toInteger(), 5);
        QCOMPARE(json[QStringLiteral("source")].toString(), QStringLiteral("epic"));
        QCOMPARE(
            json[QStringLiteral("counts")].toObject(),
            (QJsonObject{{QStringLiteral("Observation"), 1003}, {QStringLiteral("Patient"), 1}}));
        QCOMPARE(json[QStringLiteral("total")].toInteger(), 1004);
        QCOMPARE(
            json[QStringLiteral("files")].toArray(),
            (QJsonArray{QStringLiteral("Observation.ndjson"), QStringLiteral("Patient.ndjson")}));
        QCOMPARE(json[QStringLiteral("deleted")].toArray(),
                 (QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("Bundle")},
                                         {QStringLiteral("file"), QStringLiteral("deleted.ndjson")},
                                         {QStringLiteral("count"), 3}}}));
        QCOMPARE(
            json[QStringLiteral("deletedCounts")].toObject(),
            (QJsonObject{{QStringLiteral("Condition"), 1}, {QStringLiteral("Observation"), 2}}));
        QVERIFY(
            QDateTime::fromString(json[QStringLiteral("exportedAt")].toString(), Qt::ISODateWithMs)
                .isValid());
        // The folder destination says nothing of compression.
        QVERIFY(!json.contains(QStringLiteral("compression")));
    }

    void nothingDeleted() {
        DeliveryManifest manifest;
        manifest.setCompression(QStringLiteral("gzip"));
        const QJsonObject json = QJsonDocument::fromJson(manifest.toJson(input())).object();
        QCOMPARE(json[QStringLiteral("deleted")].toArray(), QJsonArray());
        QCOMPARE(json[QStringLiteral("deletedCounts")].toObject(), QJsonObject());
        QCOMPARE(json[QStringLiteral("total")].toInteger(), 0);
        QCOMPARE(json[QStringLiteral("compression")].toString(), QStringLiteral("gzip"));
        QCOMPARE(manifest.sent(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDeliveryManifest)
#include "tst_deliverymanifest.moc"
