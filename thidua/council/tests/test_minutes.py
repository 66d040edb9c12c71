"""The minutes (.docx) open in python-docx with the attendance counts and each item's result."""

import io

import pytest
from django.urls import reverse
from docx import Document

from thidua.council import services
from thidua.council.models import Choice

from .conftest import mark

pytestmark = pytest.mark.django_db


def _text(doc):
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_minutes_docx_has_attendance_and_results(board, meeting, agenda, province_officer, client_for):
    mark(province_officer, meeting, board, written=(8,), absent=(9,))
    services.vote_open(actor=board.chair, meeting=meeting)
    secret, open_item = agenda.secret[0], agenda.open[0]
    for user in board.users[:8]:
        services.ballot_cast(actor=user, item=secret, choice=Choice.YES)
        services.ballot_cast(actor=user, item=open_item, choice=Choice.YES if user != board.users[7] else Choice.NO)
    services.ballot_record_written(actor=province_officer, item=secret, member=board.seats[8], choice=Choice.YES)
    services.vote_close(actor=board.chair, meeting=meeting, item=secret)
    services.vote_close(actor=board.chair, meeting=meeting, item=open_item)

    client = client_for(board.users[3])  # a member of the council
    response = client.get(reverse("council:meeting_minutes", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(response.content))
    text = _text(doc)
    assert "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" in text
    assert "Tổng số thành viên Hội đồng: 10 người; có mặt: 8 người (80%)" in text
    assert "vắng mặt có ý kiến bằng văn bản: 1 người; vắng mặt: 1 người" in text
    assert "Chủ trì: Nguyễn Văn Tỉnh, Chủ tịch Hội đồng" in text
    assert "Thư ký: Trần Thị Thu Hà" in text
    assert "Chiến sĩ thi đua" in text and "Bằng khen" in text
    rows = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    secret_row = next(r for r in rows if r[1] == "Nguyễn Văn An")
    assert secret_row[3:] == ["Kín", "9", "0", "0", "0", "90% / 10", "Thông qua"]
    open_row = next(r for r in rows if r[1] == "Phạm Văn Cường")
    assert open_row[3:] == ["Công khai", "7", "1", "0", "0", "70% / 10", "Thông qua"]
    assert "2 trường hợp được thông qua, 0 trường hợp không được thông qua" in text
    assert "CHỦ TỊCH HỘI ĐỒNG" in text and "THƯ KÝ" in text
    attendance = {r[1]: r[4] for r in rows if len(r) == 5 and r[0].isdigit()}
    assert attendance["Đặng Văn Công"] == "Vắng mặt"
    assert attendance["Ngô Thị Y"] == "Vắng mặt, gửi ý kiến bằng văn bản"


def test_minutes_are_offered_only_once_an_item_has_a_result(board, meeting, agenda, province_officer, client_for):
    response = client_for(province_officer).get(reverse("council:meeting_minutes", args=[meeting.pk]))
    assert response.status_code == 302
