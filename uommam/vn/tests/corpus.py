"""Vietnamese words and names used by the encoding tests (Unicode NFC)."""

import unicodedata

VOWELS = "aăâeêioôơuưy"
TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"

# The 67 lowercase letters that differ from ASCII: 12 vowels × 5 tones plus ă â ê ô ơ ư đ (134 with capitals).
TONED_VOWELS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONE_MARKS]
SPECIAL_LETTERS = TONED_VOWELS + list("ăâêôơưđ")

FAMILY = (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lò Ma Hà Nông Triệu Bàn Lục Quan "
    "Ngọc Mã Giàng Thào Sùng Vàng Lầu Chẩu Hoàng Lương Đinh Trịnh Tạ Khổng Âu Ông Ưng Lã Mạc Ninh Quách"
).split()
MIDDLE = "Văn Thị Hữu Đức Ngọc Minh Quốc Thanh Xuân Mạnh Thùy Kim Bích Hồng Diệu Mỹ Thế Tiến Phương Ánh".split()
GIVEN = (
    "Hợi Anh Ánh Ảnh Ân Ẩn Ấn Ăn Bình Cường Dũng Đức Giang Hà Hải Hùng Hưng Hương Hường Khánh Khoa Lan Linh "
    "Loan Long Mai Minh Nga Ngọc Nguyệt Nhung Oanh Phúc Phước Quân Quyên Sơn Tâm Thảo Thắng Thủy Thúy Tiến "
    "Toàn Trang Trung Tuấn Tùng Uyên Văn Việt Vinh Vũ Xuân Yến Ý Ước Ưng Ơn Ổn Ốc Ỷ Ỳ Ỹ Ỵ Ích Ỉn Ĩnh Ịch "
    "Chỉnh Chiến Nghĩa Nguyện Khuyến Quỳnh Huỳnh Tuyết Hoằng Thuở Khuya Giữa Người Đường Rượu Hươu Ngoằn"
).split()
WORDS = (
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh trường trung học phổ thông Chiêm Hóa Tuyên Quang Vĩnh Lộc Bình Nhân "
    "Phú Lang Hòa Mỹ Kiên Đài Kim Linh Hội Lý Thịnh Tân Tri Trung Yên Lập Nguyên dân tộc Tày Kinh Dao Mông "
    "lớp cảm tình Đảng đảng viên chi bộ kết nạp giới thiệu ngày tháng năm sinh học lực hạnh kiểm tốt khá đạt "
    "quê quán nơi ở hiện nay ấp huyện xã thị trấn tỉnh Nhật Bản Mười Mùa Xuân hướng dẫn quyết định ủy ban "
    "khuỷu khuỵu nguệch ngoạc xoong boong thuở huơ ngoẵng oẳn"
).split()

FULL_NAMES = [
    f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i * 7) % len(MIDDLE)]} {GIVEN[(i * 13) % len(GIVEN)]}" for i in range(400)
]
CORPUS = FAMILY + MIDDLE + GIVEN + WORDS + FULL_NAMES + SPECIAL_LETTERS

FOREIGN = (
    "Müller José Zoë François Björk Núñez Sørensen Jürgen Renée Chloé Noël Thérèse Gonçalves Ångström naïve "
    "façade crème brûlée São Paulo Inês Raphaël Hélène Zoé Léa Mañana Ibáñez Gómez Pérez Martín Díaz Sánchez "
    "Åsa Øystein Süleyman Çelik Göran Dvořák Ærø Bogotá Perú Panamá México Québec Genève Zürich München Köln"
).split()
# Valid Vietnamese that happens to use only Latin-1 letters: the hardest case for detection.
LATIN1_VIETNAMESE = (
    "Tô Lê Hà Vũ Lò Hoà Thuý Tôn Cà Mau Bà Mê Kông Ý Nhi Giang Mè Tày Mông Mí Cầm Lù Páo Hù Xá Phìn Mùa Sí Gì "
    "Vì Vô Cô Lý Tú Hồ Tô Hà Lê Vân Hà Tây Lò Văn Tú Cà Thị Mè Lê Hà"
).split()


def has_toned_capital(text: str) -> bool:
    """TCVN3's VN3 table (.VnTime fonts) has no capitals with tones."""
    return any(ch.isupper() and any(m in TONE_MARKS for m in unicodedata.normalize("NFD", ch)) for ch in text)
