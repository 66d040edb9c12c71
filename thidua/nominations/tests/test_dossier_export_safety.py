"""Text typed by one user never becomes a formula in another user's export."""

import io

import pytest
from openpyxl import load_workbook


@pytest.mark.django_db
def test_dossier_list_export_keeps_a_formula_like_title_as_text(province, make_nomination, client_for, unit_officer):
    make_nomination(province.hospital, title='=HYPERLINK("http://evil.example/x","Bấm để xem")')
    response = client_for(unit_officer).get("/ho-so/?xuat=excel")
    assert response.status_code == 200
    ws = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    titles = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert titles and all(c.data_type == "s" for c in titles)
