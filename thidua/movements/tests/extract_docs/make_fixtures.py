# ruff: noqa: E501  (fixture texts are long lines on purpose)
"""Generate the committed binary / legacy-encoded fixtures in formats/ (run once by hand; tests never import this).

    PYTHONPATH=. .venv/bin/python thidua/movements/tests/extract_docs/make_fixtures.py

Needs python-docx (installed) and fpdf2 (installed in the dev venv only for this script).
"""

import unicodedata
from pathlib import Path

from thidua.movements.extract.encodings import encode_tcvn3, encode_vni

OUT = Path(__file__).parent / "formats"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

DOCX_HEADER = (
    ("ỦY BAN NHÂN DÂN\nTỈNH TÂY NINH\n\nSố: 07/KH-UBND",
     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nTây Ninh, ngày 12 tháng 01 năm 2024"),
)  # fmt: skip
DOCX_BODY = [
    "KẾ HOẠCH",
    "Phát động phong trào thi đua yêu nước năm 2024",
    "",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022; Ủy ban nhân dân tỉnh ban hành Kế hoạch phát động "
    "phong trào thi đua yêu nước năm 2024 như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Khơi dậy tinh thần yêu nước, đoàn kết, sáng tạo của cán bộ, công chức, viên chức, người lao động và Nhân dân "
    "trong tỉnh, phấn đấu hoàn thành toàn diện các mục tiêu phát triển kinh tế - xã hội năm 2024.",
    "II. CHỦ ĐỀ, NỘI DUNG THI ĐUA",
    "Chủ đề thi đua năm 2024: “Kỷ cương, trách nhiệm, hành động, sáng tạo, phát triển”.",
    "Tiếp tục thực hiện phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”; "
    "đẩy mạnh cải cách hành chính, chuyển đổi số.",
    "III. TỔ CHỨC THỰC HIỆN",
]
DOCX_TABLE = [
    ("Cơ quan", "Nhiệm vụ"),
    ("Sở Nội vụ", "Chủ trì, hướng dẫn, theo dõi, tổng hợp kết quả phong trào; thẩm định hồ sơ khen thưởng."),
    ("Sở Tài chính", "Tham mưu bố trí kinh phí khen thưởng."),
]
DOCX_TAIL = ["Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]

PDF_TEXT = """Phú Yên phát động phong trào thi đua yêu nước năm 2021
10/02/2021 08:40

UBND tỉnh Phú Yên vừa ban hành Chỉ thị số 02/CT-UBND ngày 8/2/2021 về phát động phong trào thi đua yêu nước năm 2021.

Chỉ thị yêu cầu các cấp, các ngành phát động phong trào thi đua sâu rộng với khẩu hiệu ‘Đoàn kết, đổi mới, tăng tốc, phát triển’, gắn với phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” do Thủ tướng Chính phủ phát động.

UBND tỉnh giao Sở Nội vụ chủ trì, hướng dẫn, theo dõi, tổng hợp kết quả phong trào; Báo Phú Yên tăng cường tuyên truyền các điển hình tiên tiến.

Ngọc Hân"""

HTML_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Cà Mau phát động phong trào thi đua | Báo Cà Mau</title>
<style>body{font-family:Arial} .menu{color:red}</style>
<script>var x = "phát động phong trào thi đua giả";</script></head>
<body>
<nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li>Thời sự</li><li>Kinh tế</li></ul></nav>
<article>
<h1>Cà Mau phát động phong trào thi đua xây dựng nông thôn mới giai đoạn 2022&nbsp;-&nbsp;2025</h1>
<p class="date">16/03/2022 09:10</p>
<p>Ngày 15/3/2022, UBND tỉnh Cà Mau ban hành Kế hoạch số 45/KH-UBND phát động phong trào thi đua &quot;Cà Mau chung tay xây dựng nông thôn mới&quot; giai đoạn 2022 - 2025.</p>
<p>Phong trào nhằm cụ thể hóa phong trào thi đua &ldquo;Cả nước chung sức xây dựng nông thôn mới&rdquo; trên địa bàn tỉnh, với phương châm <b>&ldquo;Dân biết, dân bàn, dân làm, dân kiểm tra&rdquo;</b>.</p>
<p>Sở Nông nghiệp và Phát triển nông thôn là cơ quan thường trực, chủ trì theo dõi, tổng hợp kết quả thực hiện.</p>
</article>
<footer><p>Giấy phép số 12/GP-BTTTT do Bộ Thông tin và Truyền thông cấp</p><p>Địa chỉ: 27 Đường 1/5, TP Cà Mau</p></footer>
<script>document.write("<p>Sở Tài chính chủ trì</p>")</script>
</body></html>
"""

TCVN3_TEXT = """ỦY BAN NHÂN DÂN
TỈNH HÀ TĨNH
Số: 88/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Tĩnh, ngày 20 tháng 4 năm 2023

KẾ HOẠCH
Phát động phong trào thi đua “Hà Tĩnh chung sức xây dựng đô thị văn minh” giai đoạn 2023 - 2025

Thực hiện phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” do Thủ tướng Chính phủ phát động, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
1. Phong trào được triển khai với phương châm “Người dân là chủ thể, chính quyền là đồng hành”.
2. Sở Xây dựng chủ trì, hướng dẫn tiêu chí; Sở Nội vụ tham mưu khen thưởng.
Kết quả phong trào được tổng kết, khen thưởng tại Đại hội thi đua yêu nước tỉnh Hà Tĩnh lần thứ VI, năm 2025.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
"""

VNI_TEXT = """An Giang phát động đợt thi đua cao điểm chào mừng Đại hội Đảng bộ tỉnh
Ngày đăng: 12/06/2025

Ngày 10/6/2025, UBND tỉnh An Giang ban hành Kế hoạch số 310/KH-UBND về phát động đợt thi đua cao điểm lập thành tích chào mừng Đại hội đại biểu Đảng bộ tỉnh An Giang lần thứ I, nhiệm kỳ 2025 - 2030. Đợt thi đua được thực hiện từ tháng 6-2025 đến hết ngày 30-9-2025.

Đợt thi đua được triển khai với khẩu hiệu "Đoàn kết, đổi mới, hội nhập, phát triển".

Sở Nội vụ chủ trì, phối hợp với Báo An Giang, Đài Phát thanh - Truyền hình An Giang tuyên truyền sâu rộng về đợt thi đua.

Thanh Tuấn
"""

UTF16_TEXT = """Đồng Nai phát động phong trào thi đua năm 2022
Ngày 20/01/2022, UBND tỉnh Đồng Nai ban hành Kế hoạch số 1530/KH-UBND phát động phong trào thi đua yêu nước năm 2022 với chủ đề “Đoàn kết, kỷ cương, thích ứng an toàn, phục hồi và phát triển”.
Sở Nội vụ có trách nhiệm hướng dẫn, theo dõi, tổng hợp kết quả thực hiện.
"""

CP1258_TEXT = """Bình Phước phát động đợt thi đua 100 ngày
Ngày 15/8/2023, UBND tỉnh Bình Phước ban hành Kế hoạch số 250/KH-UBND phát động đợt thi đua cao điểm 100 ngày lập thành tích chào mừng kỷ niệm 78 năm Cách mạng tháng Tám và Quốc khánh 2/9. Thời gian thực hiện từ ngày 20/8/2023 đến ngày 27/11/2023.
Sở Nội vụ chủ trì theo dõi, tổng hợp kết quả đợt thi đua.
"""


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 writes vowel marks precomposed (â ă ê ô ơ ư) and tones as combining marks."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base.encode("cp1258") + tones.encode("cp1258"))
    return b"".join(out)


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    for column, cell_text in enumerate(DOCX_HEADER[0]):
        cell = header.rows[0].cells[column]
        cell.text = ""
        lines = cell_text.split("\n")
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    for line in DOCX_BODY:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=2)
    for left, right in DOCX_TABLE:
        row = table.add_row().cells
        row[0].text, row[1].text = left, right
    for line in DOCX_TAIL:
        document.add_paragraph(line)
    document.save(path)


def make_pdf(path: Path, text: str | None) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if text is None:  # a "scan": drawing only, no text layer
        pdf.rect(20, 20, 170, 250)
        pdf.line(20, 20, 190, 270)
    else:
        pdf.add_font("DejaVu", "", FONT)
        pdf.set_font("DejaVu", size=11)
        for paragraph in text.split("\n"):
            pdf.multi_cell(0, 6, paragraph or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    make_docx(OUT / "f01_ke_hoach_tay_ninh.docx")
    make_pdf(OUT / "f02_chi_thi_phu_yen.pdf", PDF_TEXT)
    make_pdf(OUT / "scan_khong_lop_chu.pdf", None)
    (OUT / "f03_tin_ca_mau.html").write_text(HTML_PAGE, encoding="utf-8")
    (OUT / "f04_ke_hoach_ha_tinh_tcvn3.txt").write_bytes(encode_tcvn3(TCVN3_TEXT.replace("\n", "\r\n")))
    (OUT / "f05_tin_an_giang_vni.txt").write_bytes(encode_vni(VNI_TEXT.replace("\n", "\r\n")))
    (OUT / "f06_tin_dong_nai_utf16.txt").write_bytes(UTF16_TEXT.encode("utf-16"))
    (OUT / "f07_tin_binh_phuoc_cp1258.txt").write_bytes(encode_cp1258(CP1258_TEXT))


if __name__ == "__main__":
    main()
