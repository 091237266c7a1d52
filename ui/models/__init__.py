"""The item models behind the app's lists and tables, all built on ``RowsModel`` (ui/models/base.py).

One module per kind of row: results (a scan's results, and the filter that narrows them), runs (past scans),
people, devices, questions and notes. Every custom data role is numbered once, in ui/models/roles.py.
"""
