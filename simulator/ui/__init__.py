"""The pygame window: the app loop, scenes, widgets, i18n catalogues and theme.

Only this package imports pygame; it drives the engine through its public API.
"""
