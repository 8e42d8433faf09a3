# ruff: noqa: E501  (a plan's lines are as long as the plan writes them)
"""A plan written for the tests in the NĐ 30 layout, unlike the three seeds: a ministry-level award,
a Giấy khen of a Giám đốc Sở, a cap over alternatives, a range target, a dated nomination deadline."""

UNSEEN_PLAN = """ỦY BAN NHÂN DÂN
TỈNH NINH THUẬN
Số: 58/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Ninh Thuận, ngày 05 tháng 02 năm 2025

KẾ HOẠCH
Tổ chức Phong trào thi đua "Nông dân thi đua sản xuất giỏi" giai đoạn 2025-2027

Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022;
Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;
Ủy ban nhân dân tỉnh ban hành Kế hoạch tổ chức Phong trào thi đua như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Khơi dậy tinh thần thi đua sản xuất giỏi trong nông dân; phấn đấu đến năm 2027 tốc độ tăng giá trị sản xuất nông nghiệp đạt 3–3,5 %, sản lượng thủy sản đạt trên 580 nghìn tấn.
2. Yêu cầu
Phong trào thi đua được triển khai thiết thực, tránh hình thức.

II. ĐỐI TƯỢNG THI ĐUA
Ủy ban nhân dân cấp huyện; các hợp tác xã; hộ gia đình nông dân.

III. HÌNH THỨC KHEN THƯỞNG
1. Bằng khen của Bộ trưởng Bộ Nông nghiệp và PTNT cho tập thể, cá nhân tiêu biểu.
2. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh.
3. Giấy khen của Giám đốc Sở Nông nghiệp và Môi trường.

IV. SỐ LƯỢNG KHEN THƯỞNG
- Bằng khen của Chủ tịch UBND tỉnh hoặc Bộ trưởng: 15 tập thể;
- Giấy khen của Giám đốc Sở: không quá 01 tập thể trực thuộc mỗi huyện;
- Ưu tiên các tập thể nhỏ, trực tiếp sản xuất.

V. TIẾN ĐỘ THỰC HIỆN
1. Phát động phong trào thi đua trong tháng 3 năm 2025.
2. Sơ kết phong trào vào Quý I năm 2026.
3. Hồ sơ đề nghị khen thưởng gửi về Sở Nội vụ trước ngày 15/11/2027.
4. Tổng kết phong trào thi đua.

Nơi nhận:
- Bộ Nông nghiệp và Môi trường;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn Bình
"""
