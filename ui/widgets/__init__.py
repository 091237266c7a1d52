"""Pieces shared by several pages: answer lists, pickers, steps and other widgets of no page of their own."""
