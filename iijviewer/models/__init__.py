"""Qt item models that adapt the core's facts to Qt's model/view.

Models wrap pre-shaped, immutable data from the core and never open dialogs;
only iijviewer.ui and iijviewer.app import this package.
"""
