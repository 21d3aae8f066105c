// SPDX-FileCopyrightText: 2026 The medpull developers
// SPDX-License-Identifier: GPL-3.0-or-later

#include "migrations.h"

namespace medpull {

namespace {

// Version 1: patients, sources, connections, tokens, pulls, queries,
// resources and their versions, auth events.
QStringList version1() {
    return {
        QStringLiteral(R"(CREATE TABLE patients (
            id {id},
            display_name TEXT NOT NULL,
            external_id TEXT UNIQUE,
            created_at BIGINT NOT NULL))"),
        QStringLiteral(R"(CREATE TABLE sources (
            id {id},
            name TEXT NOT NULL UNIQUE,
            fhir_base TEXT NOT NULL,
            client_id TEXT NOT NULL,
            scopes TEXT NOT NULL,
            authorize_url TEXT,
            token_url TEXT,
            revocation_url TEXT,
            smart_configuration {json},
            resource_types TEXT NOT NULL,
            incremental_types TEXT NOT NULL DEFAULT '',
            per_category_types TEXT NOT NULL DEFAULT '',
            max_concurrent_requests INTEGER NOT NULL DEFAULT 4,
            requests_per_second DOUBLE PRECISION NOT NULL DEFAULT 0,
            pull_interval_seconds INTEGER NOT NULL DEFAULT 86400,
            full_pull_days INTEGER NOT NULL DEFAULT 7,
            created_at BIGINT NOT NULL))"),
        QStringLiteral(R"(CREATE TABLE connections (
            id {id},
            patient_id BIGINT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
            source_id BIGINT NOT NULL REFERENCES sources(id),
            state TEXT NOT NULL,
            fhir_patient_id TEXT,
            failure_kind TEXT,
            failure_detail TEXT,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            last_successful_pull_at BIGINT,
            next_pull_at BIGINT,
            last_full_pull_at BIGINT))"),
        QStringLiteral("CREATE INDEX connections_patient ON connections(patient_id)"),
        QStringLiteral("CREATE INDEX connections_next_pull ON connections(state, next_pull_at)"),
        QStringLiteral(R"(CREATE TABLE tokens (
            connection_id BIGINT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
            ciphertext {blob} NOT NULL,
            nonce {blob} NOT NULL,
            key_id TEXT NOT NULL,
            access_expires_at BIGINT,
            scope TEXT,
            updated_at BIGINT NOT NULL))"),
        QStringLiteral(R"(CREATE TABLE pulls (
            id {id},
            connection_id BIGINT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
            pull_trigger TEXT NOT NULL,
            status TEXT NOT NULL,
            is_full INTEGER NOT NULL DEFAULT 1,
            since BIGINT,
            queued_at BIGINT NOT NULL,
            started_at BIGINT,
            finished_at BIGINT,
            failure_kind TEXT,
            error TEXT,
            created_count BIGINT NOT NULL DEFAULT 0,
            updated_count BIGINT NOT NULL DEFAULT 0,
            unchanged_count BIGINT NOT NULL DEFAULT 0,
            pages BIGINT NOT NULL DEFAULT 0,
            error_count BIGINT NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_expires_at BIGINT))"),
        QStringLiteral("CREATE INDEX pulls_connection ON pulls(connection_id, id)"),
        QStringLiteral("CREATE INDEX pulls_status ON pulls(status, queued_at)"),
        QStringLiteral(R"(CREATE TABLE pull_queries (
            id {id},
            pull_id BIGINT NOT NULL REFERENCES pulls(id) ON DELETE CASCADE,
            resource_type TEXT NOT NULL,
            kind TEXT NOT NULL,
            url TEXT NOT NULL,
            next_url TEXT,
            status TEXT NOT NULL,
            depth INTEGER NOT NULL DEFAULT 0,
            pages BIGINT NOT NULL DEFAULT 0,
            created_count BIGINT NOT NULL DEFAULT 0,
            updated_count BIGINT NOT NULL DEFAULT 0,
            unchanged_count BIGINT NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at BIGINT,
            http_status INTEGER,
            error TEXT))"),
        QStringLiteral("CREATE INDEX pull_queries_pull ON pull_queries(pull_id, status)"),
        QStringLiteral(R"(CREATE TABLE resources (
            id {id},
            connection_id BIGINT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
            resource_type TEXT NOT NULL,
            fhir_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            content_hash {blob} NOT NULL,
            content {json} NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            first_pull_id BIGINT,
            changed_pull_id BIGINT,
            last_pull_id BIGINT,
            stored_at BIGINT NOT NULL,
            UNIQUE (connection_id, resource_type, fhir_id)))"),
        QStringLiteral("CREATE INDEX resources_changed_pull ON resources(changed_pull_id)"),
        QStringLiteral(R"(CREATE TABLE resource_versions (
            id {id},
            resource_id BIGINT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            content_hash {blob} NOT NULL,
            content {json} NOT NULL,
            pull_id BIGINT,
            stored_at BIGINT NOT NULL,
            UNIQUE (resource_id, version)))"),
        QStringLiteral(R"(CREATE TABLE auth_events (
            id {id},
            connection_id BIGINT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
            occurred_at BIGINT NOT NULL,
            event TEXT NOT NULL,
            outcome TEXT NOT NULL,
            error_code TEXT,
            error_description TEXT,
            detail TEXT))"),
        QStringLiteral("CREATE INDEX auth_events_connection ON auth_events(connection_id, id)"),
    };
}

// Version 2: export destinations and their deliveries.
QStringList version2() {
    return {
        QStringLiteral(R"(CREATE TABLE export_destinations (
            id {id},
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            config {json} NOT NULL,
            watermark_pull_id BIGINT NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL))"),
        QStringLiteral(R"(CREATE TABLE deliveries (
            id {id},
            pull_id BIGINT NOT NULL REFERENCES pulls(id) ON DELETE CASCADE,
            destination_id BIGINT NOT NULL REFERENCES export_destinations(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at BIGINT,
            last_error TEXT,
            http_status INTEGER,
            resource_count BIGINT NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_expires_at BIGINT,
            created_at BIGINT NOT NULL,
            delivered_at BIGINT,
            UNIQUE (pull_id, destination_id)))"),
        QStringLiteral("CREATE INDEX deliveries_destination ON deliveries(destination_id, id)"),
        QStringLiteral("CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at)"),
    };
}

// Version 3: which types a source searches by `_id`, so referenced resources
// are fetched many to a request. Sources made before it read one at a time
// until discovery runs again.
QStringList version3() {
    return {
        QStringLiteral("ALTER TABLE sources ADD COLUMN id_search_types TEXT NOT NULL DEFAULT ''"),
    };
}

// Version 4: which pull found a resource deleted, so exports can tell their
// receivers. Resources deleted before it have none and are not announced.
QStringList version4() {
    return {
        QStringLiteral("ALTER TABLE resources ADD COLUMN deleted_pull_id BIGINT"),
        QStringLiteral("CREATE INDEX resources_deleted_pull ON resources(deleted_pull_id)"),
    };
}

// Version 5: whether a source offers Patient/[id]/$everything.
QStringList version5() {
    return {
        QStringLiteral(
            "ALTER TABLE sources ADD COLUMN patient_everything INTEGER NOT NULL DEFAULT 0"),
    };
}

// Version 6: claiming the next pull reads only queued and running ones.
// Ordered by id it walked past every finished pull first, on PostgreSQL
// 10 ms a claim at 2,000 pulls and growing with the history.
QStringList version6() {
    return {
        QStringLiteral("CREATE INDEX pulls_queued ON pulls(queued_at, id) WHERE status = 'queued'"),
        QStringLiteral(
            "CREATE INDEX pulls_running ON pulls(lease_expires_at) WHERE status = 'running'"),
    };
}

// Version 7: what pulls learn about a portal, one fact to a row, so two pulls
// of one source and an admin's edit of the source never overwrite each other;
// and what a connection cannot have (the portal's answer, with its reason),
// so incremental pulls do not ask again (full pulls re-check).
QStringList version7() {
    return {
        QStringLiteral(R"(CREATE TABLE source_capabilities (
            source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            fact TEXT NOT NULL,
            resource_type TEXT NOT NULL DEFAULT '',
            value TEXT NOT NULL DEFAULT '',
            evidence INTEGER NOT NULL DEFAULT 1,
            detail TEXT,
            learnt_at BIGINT NOT NULL,
            PRIMARY KEY (source_id, fact, resource_type)))"),
        QStringLiteral(R"(CREATE TABLE connection_unavailable (
            connection_id BIGINT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
            query_key TEXT NOT NULL,
            resource_type TEXT NOT NULL,
            reason TEXT NOT NULL,
            pull_id BIGINT,
            learnt_at BIGINT NOT NULL,
            PRIMARY KEY (connection_id, query_key)))"),
    };
}

// Version 10: registration settings of a source, as a portal's admin
// registered medpull: how it authenticates at the token endpoint, the sealed
// client secret and signing keys with their public JWKS, a fixed redirect
// URI, and whether the source is enabled (a source with accounts is disabled,
// never deleted).
QStringList version10() {
    return {
        QStringLiteral("ALTER TABLE sources ADD COLUMN client_auth TEXT NOT NULL DEFAULT 'none'"),
        QStringLiteral("ALTER TABLE sources ADD COLUMN credentials TEXT"),
        QStringLiteral("ALTER TABLE sources ADD COLUMN jwks TEXT"),
        QStringLiteral("ALTER TABLE sources ADD COLUMN redirect_uri TEXT"),
        QStringLiteral("ALTER TABLE sources ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1"),
    };
}

// Version 12: the token key an installation uses, recorded by its id (a
// fingerprint, never the key), so a missing or different key is noticed
// instead of replaced; the indexes an export pages through a pull's
// resources with, in the order it writes them, without sorting them again
// for every page, and count a pull's resources per type from the index alone
// (they lead with the pull like the indexes they replace);
// and where an interrupted delivery resumes.
QStringList version12() {
    return {
        QStringLiteral(R"(CREATE TABLE token_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            key_id TEXT NOT NULL,
            recorded_at BIGINT NOT NULL))"),
        QStringLiteral("CREATE INDEX resources_changed_export ON "
                       "resources(changed_pull_id, deleted, resource_type, id)"),
        QStringLiteral("CREATE INDEX resources_deleted_export ON "
                       "resources(deleted_pull_id, deleted, resource_type, id)"),
        QStringLiteral("ALTER TABLE deliveries ADD COLUMN checkpoint TEXT"),
        QStringLiteral("DROP INDEX resources_changed_pull"),
        QStringLiteral("DROP INDEX resources_deleted_pull"),
    };
}

// Version 11: event webhooks. `events` is the outbox: each row is written in
// the transaction of the state change that causes it, its body fixed then
// (TEXT, not {json}: the signed bytes must not be reformatted). One
// event_deliveries row per (event, endpoint) carries the retry state; the
// connection is copied there so delivery keeps each connection's order.
QStringList version11() {
    return {
        QStringLiteral(R"(CREATE TABLE event_endpoints (
            id {id},
            name TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL,
            event_types TEXT NOT NULL DEFAULT '*',
            config {json} NOT NULL,
            enabled INTEGER NOT NULL DEFAULT 1,
            disabled_reason TEXT,
            planned_event_id BIGINT NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL))"),
        QStringLiteral(R"(CREATE TABLE events (
            id {id},
            uuid TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL,
            connection_id BIGINT NOT NULL,
            pull_id BIGINT,
            created_at BIGINT NOT NULL,
            body TEXT NOT NULL))"),
        QStringLiteral("CREATE INDEX events_connection ON events(connection_id, id)"),
        QStringLiteral(R"(CREATE TABLE event_deliveries (
            id {id},
            event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            endpoint_id BIGINT NOT NULL REFERENCES event_endpoints(id) ON DELETE CASCADE,
            connection_id BIGINT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at BIGINT,
            last_attempt_at BIGINT,
            last_error TEXT,
            http_status INTEGER,
            lease_owner TEXT,
            lease_expires_at BIGINT,
            created_at BIGINT NOT NULL,
            delivered_at BIGINT,
            UNIQUE (event_id, endpoint_id)))"),
        QStringLiteral("CREATE INDEX event_deliveries_order ON "
                       "event_deliveries(endpoint_id, connection_id, event_id)"),
        QStringLiteral("CREATE INDEX event_deliveries_due ON event_deliveries(status, "
                       "next_attempt_at)"),
    };
}

// Version 13: a connection's automatic retry after a retrieval error, the
// pull a retry pull retries, and whether a connection has no refresh token
// (it lasts only as long as the patient's portal session).
QStringList version13() {
    return {
        QStringLiteral(
            "ALTER TABLE connections ADD COLUMN retry_attempt INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE connections ADD COLUMN retry_at BIGINT"),
        QStringLiteral("ALTER TABLE pulls ADD COLUMN retry_of BIGINT"),
        QStringLiteral(
            "ALTER TABLE connections ADD COLUMN session_only INTEGER NOT NULL DEFAULT 0"),
    };
}

// Version 14: a manual retry of a delivery runs apart from its automatic
// schedule: `manual_retry` marks the attempt a person asked for (it is not
// counted in `attempts`), `automatic_attempt_at` keeps the automatic retry
// it stepped in front of, to go back to if it fails.
QStringList version14() {
    return {
        QStringLiteral("ALTER TABLE deliveries ADD COLUMN manual_retry INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE deliveries ADD COLUMN automatic_attempt_at BIGINT"),
    };
}

} // namespace

const QList<Migration> &migrations() {
    static const QList<Migration> all{
        {1, QStringLiteral("patients, sources, connections, pulls, resources, auth events"),
         version1()},
        {2, QStringLiteral("export destinations and deliveries"), version2()},
        {3, QStringLiteral("sources: types searched by _id"), version3()},
        {4, QStringLiteral("resources: the pull that found one deleted"), version4()},
        {5, QStringLiteral("sources: Patient $everything"), version5()},
        {6, QStringLiteral("pulls: indexes for claiming work"), version6()},
        {7, QStringLiteral("learnt source capabilities, queries a connection cannot have"),
         version7()},
        {10, QStringLiteral("sources: registration settings"), version10()},
        {11, QStringLiteral("event webhooks: endpoints, the event outbox, event deliveries"),
         version11()},
        {12, QStringLiteral("token keys; indexes for paging exports"), version12()},
        {13, QStringLiteral("connections: automatic retry, session only; pulls: the pull retried"),
         version13()},
        {14, QStringLiteral("deliveries: manual retries apart from the automatic schedule"),
         version14()},
    };
    return all;
}

} // namespace medpull
