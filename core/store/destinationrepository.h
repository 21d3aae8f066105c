// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include "exportdestination.h"

#include <QList>

#include <optional>

namespace medpull {

class Database;

class DestinationRepository {
public:
    explicit DestinationRepository(const Database &database)
        : m_db(database) {}

    // Throws StoreError when the name is already taken.
    ExportDestination add(ExportDestination destination);
    void update(const ExportDestination &destination);
    // Replaces the config only if the row is unchanged since `readAt` (its
    // updatedAt when read), so a rewrite never undoes a concurrent edit.
    bool replaceConfig(qint64 id, const QJsonObject &config, const QDateTime &readAt);
    void setEnabled(qint64 id, bool enabled);
    // Raises the watermark; it never moves backwards.
    void advanceWatermark(qint64 id, qint64 pullId);
    std::optional<ExportDestination> get(qint64 id) const;
    std::optional<ExportDestination> findByName(const QString &name) const;
    QList<ExportDestination> list() const;

private:
    QList<ExportDestination> select(const QString &where, const QVariantList &values) const;

    const Database &m_db;
};

} // namespace medpull
