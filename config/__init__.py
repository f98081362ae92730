"""Hygeia configuration: one class per environment, chosen by HYGEIA_ENV."""

from config.settings import (
    CONFIGS,
    DEFAULT_SECRET_KEY,
    BaseConfig,
    ConfigError,
    DevelopmentConfig,
    ProductionConfig,
    TestingConfig,
    config_for,
)

__all__ = [
    "CONFIGS",
    "DEFAULT_SECRET_KEY",
    "BaseConfig",
    "ConfigError",
    "DevelopmentConfig",
    "ProductionConfig",
    "TestingConfig",
    "config_for",
]
