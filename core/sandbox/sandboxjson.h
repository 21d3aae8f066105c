// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#pragma once

#include <QByteArray>
#include <QString>

#include <charconv>
#include <cstdint>
#include <string_view>

namespace medpull::sandbox {

// Appends JSON text straight into a buffer. The sandbox must serve several
// hundred thousand resources per second; building a QJsonObject tree per
// resource and serialising it costs several times more than writing the text.
class JsonOut {
public:
    explicit JsonOut(QByteArray &buffer)
        : m_buf(buffer) {}

    JsonOut &beginObject() {
        separate();
        m_buf += '{';
        push();
        return *this;
    }
    JsonOut &endObject() {
        m_buf += '}';
        --m_depth;
        return *this;
    }
    JsonOut &beginArray() {
        separate();
        m_buf += '[';
        push();
        return *this;
    }
    JsonOut &endArray() {
        m_buf += ']';
        --m_depth;
        return *this;
    }
    JsonOut &key(std::string_view name) {
        separate();
        m_buf += '"';
        m_buf.append(name.data(), qsizetype(name.size()));
        m_buf += "\":";
        m_afterKey = true;
        return *this;
    }
    JsonOut &str(std::string_view text) {
        separate();
        m_buf += '"';
        appendEscaped(text);
        m_buf += '"';
        return *this;
    }
    JsonOut &str(const char *text) { return str(std::string_view(text)); }
    JsonOut &str(const QByteArray &text) { return str(std::string_view(text.data(), text.size())); }
    JsonOut &str(const QString &text) { return str(text.toUtf8()); }
    JsonOut &num(std::int64_t value) {
        separate();
        char digits[24];
        const auto result = std::to_chars(digits, digits + sizeof digits, value);
        m_buf.append(digits, result.ptr - digits);
        return *this;
    }
    JsonOut &num(double value, int decimals) {
        separate();
        char digits[48];
        const auto result = std::to_chars(digits, digits + sizeof digits, value,
                                          std::chars_format::fixed, decimals);
        m_buf.append(digits, result.ptr - digits);
        return *this;
    }
    JsonOut &boolean(bool value) {
        separate();
        m_buf += value ? "true" : "false";
        return *this;
    }
    // Already-serialised JSON (a nested resource written elsewhere).
    JsonOut &raw(std::string_view json) {
        separate();
        m_buf.append(json.data(), qsizetype(json.size()));
        return *this;
    }

    template <typename T> JsonOut &field(std::string_view name, const T &value) {
        key(name);
        return str(value);
    }
    JsonOut &field(std::string_view name, const char *value) {
        key(name);
        return str(std::string_view(value));
    }
    JsonOut &field(std::string_view name, std::string_view value) {
        key(name);
        return str(value);
    }
    JsonOut &numField(std::string_view name, std::int64_t value) {
        key(name);
        return num(value);
    }

private:
    void separate() {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        const std::uint64_t bit = std::uint64_t(1) << (m_depth & 63);
        if (m_depth > 0 && !(m_first & bit))
            m_buf += ',';
        m_first &= ~bit;
    }
    void push() {
        ++m_depth;
        m_first |= std::uint64_t(1) << (m_depth & 63);
    }
    void appendEscaped(std::string_view text) {
        static constexpr char hex[] = "0123456789abcdef";
        qsizetype plainFrom = 0;
        for (qsizetype i = 0; i < qsizetype(text.size()); ++i) {
            const unsigned char c = static_cast<unsigned char>(text[i]);
            if (c >= 0x20 && c != '"' && c != '\\')
                continue;
            m_buf.append(text.data() + plainFrom, i - plainFrom);
            plainFrom = i + 1;
            switch (c) {
            case '"':
                m_buf += "\\\"";
                break;
            case '\\':
                m_buf += "\\\\";
                break;
            case '\n':
                m_buf += "\\n";
                break;
            case '\r':
                m_buf += "\\r";
                break;
            case '\t':
                m_buf += "\\t";
                break;
            default:
                m_buf += "\\u00";
                m_buf += hex[c >> 4];
                m_buf += hex[c & 15];
            }
        }
        m_buf.append(text.data() + plainFrom, qsizetype(text.size()) - plainFrom);
    }

    QByteArray &m_buf;
    int m_depth = 0;
    std::uint64_t m_first = 0;
    bool m_afterKey = false;
};

} // namespace medpull::sandbox
