// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QString>

#include <stdexcept>

namespace medpull {

// Thrown by the store for a database it cannot open or a statement that
// fails. The message is one line meant for a person: it names the problem and
// the location, never a token or other secret.
class StoreError : public std::runtime_error {
public:
    enum class Kind {
        Failed,      // this statement or this data is wrong; retrying changes nothing
        Unavailable, // the connection was lost or the server cannot be reached
        DiskFull,    // no space left for the database
        ReadOnly,    // the database (or its file) does not accept writes
        LeaseLost,   // another process took over the work this one was doing
    };

    explicit StoreError(const QString &message, Kind kind = Kind::Failed)
        : std::runtime_error(message.toStdString())
        , m_message(message)
        , m_kind(kind) {}

    QString message() const { return m_message; }
    Kind kind() const { return m_kind; }
    // The database itself is unusable for now (not this statement): writing
    // pauses and is tried again later, when the fault may have gone.
    bool retryLater() const {
        return m_kind == Kind::Unavailable || m_kind == Kind::DiskFull || m_kind == Kind::ReadOnly;
    }

private:
    QString m_message;
    Kind m_kind;
};

} // namespace medpull
