#pragma once

#include <QString>

#include <stdexcept>

namespace medpull {

// Thrown by the store for a database it cannot open or a statement that
// fails. The message is one line meant for a person: it names the problem and
// the location, never a token or other secret.
class StoreError : public std::runtime_error {
public:
    explicit StoreError(const QString &message)
        : std::runtime_error(message.toStdString())
        , m_message(message) {}

    QString message() const { return m_message; }

private:
    QString m_message;
};

} // namespace medpull
