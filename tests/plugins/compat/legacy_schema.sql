-- The original backend's tables that `flask compat import-legacy` reads, as its single migration
-- (api/migrations/0001_initial.py, with Django's auth app) creates them on PostgreSQL, written from the
-- model description in the API reference (Django's naming: <app>_<model>, BIGINT ids, ON DELETE CASCADE
-- done by Django, not the database). Portable enough for SQLite too.
CREATE TABLE auth_user (
    id BIGINT PRIMARY KEY,
    password VARCHAR(128) NOT NULL,
    last_login TIMESTAMP WITH TIME ZONE NULL,
    is_superuser BOOLEAN NOT NULL,
    username VARCHAR(150) NOT NULL UNIQUE,
    first_name VARCHAR(150) NOT NULL,
    last_name VARCHAR(150) NOT NULL,
    email VARCHAR(254) NOT NULL,
    is_staff BOOLEAN NOT NULL,
    is_active BOOLEAN NOT NULL,
    date_joined TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE api_useremailstatus (
    id BIGINT PRIMARY KEY,
    is_verified BOOLEAN NOT NULL,
    verified_at TIMESTAMP WITH TIME ZONE NULL,
    user_id BIGINT NOT NULL UNIQUE REFERENCES auth_user (id)
);
CREATE TABLE api_userprofile (
    id BIGINT PRIMARY KEY,
    profile_picture VARCHAR(100) NULL,
    age INTEGER NULL CHECK (age >= 0),
    gender VARCHAR(20) NULL,
    gender_locked BOOLEAN NOT NULL,
    weight DOUBLE PRECISION NULL,
    height DOUBLE PRECISION NULL,
    country VARCHAR(100) NOT NULL,
    allergies TEXT NOT NULL,
    preferred_language VARCHAR(2) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    user_id BIGINT NOT NULL UNIQUE REFERENCES auth_user (id)
);
CREATE TABLE api_chatsession (
    id BIGINT PRIMARY KEY,
    title VARCHAR(255) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    user_id BIGINT NOT NULL REFERENCES auth_user (id)
);
CREATE TABLE api_chatmessage (
    id BIGINT PRIMARY KEY,
    role VARCHAR(10) NOT NULL,
    content TEXT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    session_id BIGINT NOT NULL REFERENCES api_chatsession (id)
);
CREATE TABLE api_medicalconsultation (
    id BIGINT PRIMARY KEY,
    symptoms TEXT NOT NULL,
    diagnosis TEXT NOT NULL,
    language VARCHAR(20) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    user_id BIGINT NOT NULL REFERENCES auth_user (id)
);
CREATE TABLE api_researchquery (
    id BIGINT PRIMARY KEY,
    query VARCHAR(255) NOT NULL,
    results JSONB NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    user_id BIGINT NOT NULL REFERENCES auth_user (id)
);
