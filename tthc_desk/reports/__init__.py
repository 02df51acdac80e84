"""Printed sheets and PDF/XLSX reports (reportlab, openpyxl)."""
