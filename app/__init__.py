"""The Slipline application: window, actions, settings, export and command line."""
